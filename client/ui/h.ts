/** Attributes and properties accepted by {@link h}: strings become attributes, functions `on*` listeners. */
export type Props = Record<string, string | number | boolean | null | undefined | EventListener>

/** A child of {@link h}: a node, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false

/**
 * Creates an element with attributes, listeners and children in one expression, so a view reads
 * like the markup it produces: `h('button', { class: 'pill', onclick: go }, 'Open')`.
 * Props named `on<event>` are added as listeners; `true` sets an empty attribute and
 * `false`/`null`/`undefined` leave it out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === 'function') el.addEventListener(key.slice(2), value)
    else if (value === true) el.setAttribute(key, '')
    else if (value !== false && value != null) el.setAttribute(key, String(value))
  }
  el.append(...children.filter((c): c is Node | string | number => c != null && c !== false).map(toNode))
  return el
}

function toNode(child: Node | string | number): Node | string {
  return typeof child === 'number' ? String(child) : child
}
