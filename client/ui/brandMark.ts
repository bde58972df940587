/**
 * The Mergepad mark (two strokes merging into one) followed by the word, as inline SVG so it
 * works offline and takes the text colour.
 */
export function brandMark({ withWord = true } = {}): HTMLElement {
  const span = document.createElement('span')
  span.className = 'brand-mark'
  span.innerHTML =
    '<svg viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">' +
    '<rect width="32" height="32" rx="8" fill="var(--accent)"/>' +
    '<path d="M9 9c0 6 7 6 7 12v3M23 9c0 6-7 6-7 12" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/>' +
    '</svg>' +
    (withWord ? '<span class="brand-word">Mergepad</span>' : '')
  return span
}
