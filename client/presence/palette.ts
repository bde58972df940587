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

/**
 * The text colour to write on `color` (a `#rrggbb` background, such as a person's colour): white
 * or black, whichever contrasts more (WCAG relative luminance). One of the two always reaches
 * 4.58:1, above the 4.5:1 that WCAG AA asks of small text.
 */
export function inkOn(color: string): string {
  const channel = (i: number) => {
    const c = parseInt(color.slice(1 + 2 * i, 3 + 2 * i), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
  // Contrast with white is 1.05 / (L + 0.05); with black it is (L + 0.05) / 0.05.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#000000'
}
