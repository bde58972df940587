/** The colours a person can pick; each reads well as a caret and, lightened, as a selection. */
export const palette = [
  '#e5484d', // red
  '#f76b15', // orange
  '#d6a100', // amber
  '#30a46c', // green
  '#12a594', // teal
  '#0090ff', // blue
  '#6e56cf', // violet
  '#d6409f', // pink
] as const

/** True for a `#rrggbb` colour, the only form the app renders into styles. */
export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value)
}

/** The selection tint for `color`: the same hue at about 20% opacity (`#rrggbb33`). */
export function lightColor(color: string): string {
  return `${color}33`
}
