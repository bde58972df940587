import DOMPurify from 'dompurify'

/**
 * What the preview may show: text formatting, lists, tables, quotes, code, links, images, and
 * disabled checkboxes. No scripts, frames, objects, forms, media, SVG, MathML, `<style>`, `<link>`,
 * `<meta>` or `<base>`, and no `style` attribute: nothing that runs, loads a page, or escapes the
 * preview's box to paint over the app.
 */
const allowedTags = [
  'a', 'abbr', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del',
  'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i',
  'img', 'input', 'ins', 'kbd', 'label', 'li', 'mark', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small',
  'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul',
  'var', 'wbr',
]
const allowedAttributes = [
  'href', 'src', 'alt', 'title', 'class', 'id', 'checked', 'disabled', 'type', 'start', 'reversed', 'colspan',
  'rowspan', 'scope', 'open', 'datetime', 'lang', 'dir', 'width', 'height',
]
/** Classes that markdown-it and the task-list plugin write; any other class is dropped. */
const allowedClass = /^(language-[\w#+.-]+|task-list-(container|item|item-label|item-checkbox)|align-(left|center|right))$/
const inlineImage = /^data:image\/(png|gif|jpe?g|webp);base64,/i
const tableAlign = /^\s*text-align\s*:\s*(left|center|right)\s*;?\s*$/i

const purify = DOMPurify(window)
const config = {
  ALLOWED_TAGS: allowedTags,
  ALLOWED_ATTR: allowedAttributes,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  SANITIZE_NAMED_PROPS: true,
  RETURN_DOM_FRAGMENT: true,
} as const
// Parsing the configuration once, rather than on every call, makes a block's sanitising cheaper.
purify.setConfig(config)

purify.addHook('beforeSanitizeAttributes', (node) => {
  // markdown-it aligns table cells with a style attribute; keep the alignment as a class.
  if (node instanceof HTMLTableCellElement) {
    const align = tableAlign.exec(node.getAttribute('style') ?? '')?.[1]?.toLowerCase()
    node.removeAttribute('style')
    node.removeAttribute('class')
    if (align) node.setAttribute('class', `align-${align}`)
  }
})

purify.addHook('afterSanitizeAttributes', (node) => {
  if (!(node instanceof Element)) return
  const classes = node.getAttribute('class')
  if (classes !== null) {
    const kept = classes.split(/\s+/).filter((c) => allowedClass.test(c))
    if (kept.length > 0) node.setAttribute('class', kept.join(' '))
    else node.removeAttribute('class')
  }
  if (node instanceof HTMLAnchorElement) {
    const href = node.getAttribute('href')
    const url = href === null ? null : parseUrl(href)
    if (href !== null && !(url && ['http:', 'https:', 'mailto:'].includes(url.protocol))) node.removeAttribute('href')
    else if (url && url.origin !== location.origin && url.protocol !== 'mailto:') {
      node.setAttribute('target', '_blank')
      node.setAttribute('rel', 'noopener noreferrer nofollow ugc')
    }
  } else if (node instanceof HTMLImageElement) {
    const src = node.getAttribute('src')
    if (src !== null && !isImageSource(src)) node.removeAttribute('src')
    // The document's address is its key: it must not travel to image hosts as a referrer.
    node.setAttribute('referrerpolicy', 'no-referrer')
    node.setAttribute('loading', 'lazy')
    node.setAttribute('decoding', 'async')
  } else if (node instanceof HTMLInputElement) {
    node.setAttribute('type', 'checkbox')
    node.setAttribute('disabled', '')
  }
})

/** `value` read as the browser will read it (relative to this page), or `null` if it is no address. */
function parseUrl(value: string): URL | null {
  try {
    return new URL(value, location.href)
  } catch {
    return null
  }
}

/**
 * Images load from absolute `http(s)` addresses or inline raster data only: a relative source would
 * fetch from the app's own server, an SVG document could carry script.
 */
function isImageSource(src: string): boolean {
  const trimmed = src.trim()
  if (inlineImage.test(trimmed)) return parseUrl(trimmed)?.protocol === 'data:'
  return /^https?:\/\//i.test(trimmed) && ['http:', 'https:'].includes(parseUrl(trimmed)?.protocol ?? '')
}

/**
 * Turns untrusted HTML (rendered Markdown with whatever raw HTML its authors wrote) into inert DOM:
 * only the tags and attributes above survive; links keep `http(s)` and `mailto` addresses (relative
 * ones included) and open other sites in a new tab without a referrer; images load only from `http(s)`
 * or inline raster `data:` addresses, without a referrer; ids are prefixed (`user-content-`) so
 * they cannot shadow the page's own globals; every input is a disabled checkbox. The result is a
 * fragment, never HTML text, so nothing is parsed twice.
 */
export function sanitizeHtml(html: string): DocumentFragment {
  return purify.sanitize(html, config)
}
