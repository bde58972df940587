import { isHexColor } from '../../presence/palette.ts'
import { replicaNames, type ReplicaName } from '../model/cast.ts'
import './replicaColors.css'

/**
 * Each replica's colour as `replicaColors.css` defines it (`--alice`, `--bob`, `--carol` on the
 * `.demo` page), for what must carry a colour as data rather than as a style: the caret each
 * replica announces to the others. `page` must be in the document. Throws if a colour is not
 * a `#rrggbb` value, which means the stylesheet did not load.
 */
export function replicaColorsOf(page: HTMLElement): Record<ReplicaName, string> {
  const style = getComputedStyle(page)
  const colorOf = (name: ReplicaName) => {
    const property = `--${name.toLowerCase()}`
    const color = style.getPropertyValue(property).trim()
    if (!isHexColor(color)) throw new Error(`The demo's stylesheet gives ${property} as ${JSON.stringify(color)}, not a #rrggbb colour`)
    return color
  }
  return Object.fromEntries(replicaNames.map((name) => [name, colorOf(name)])) as Record<ReplicaName, string>
}
