/** The names of the app's line icons. */
export type IconName = 'outline' | 'search' | 'preview' | 'more' | 'sun' | 'moon' | 'system' | 'import' | 'print' | 'write' | 'history' | 'share'

const paths: Record<IconName, string> = {
  outline: '<path d="M4 5h12M7.5 10h8.5M7.5 15h8.5"/><g fill="currentColor" stroke="none"><circle cx="4" cy="10" r="1"/><circle cx="4" cy="15" r="1"/></g>',
  search: '<circle cx="8.5" cy="8.5" r="5"/><path d="m12.5 12.5 4.5 4.5"/>',
  preview: '<rect x="2.5" y="3.5" width="15" height="13" rx="2"/><path d="M10 3.5v13M5 7.5h2.5M5 10.5h2.5M12.5 7.5H15M12.5 10.5H15M12.5 13.5H15"/>',
  more: '<g fill="currentColor" stroke="none"><circle cx="4.5" cy="10" r="1.6"/><circle cx="10" cy="10" r="1.6"/><circle cx="15.5" cy="10" r="1.6"/></g>',
  sun: '<circle cx="10" cy="10" r="3.5"/><path d="M10 1.8v2M10 16.2v2M1.8 10h2M16.2 10h2M4.2 4.2l1.4 1.4M14.4 14.4l1.4 1.4M4.2 15.8l1.4-1.4M14.4 5.6l1.4-1.4"/>',
  moon: '<path d="M16.5 12.2A7 7 0 0 1 7.8 3.5a7 7 0 1 0 8.7 8.7Z"/>',
  system: '<rect x="2.5" y="3.5" width="15" height="10" rx="1.5"/><path d="M7 17h6M10 13.5V17"/>',
  import: '<path d="M10 3v9M6.5 8.5 10 12l3.5-3.5M4 13.5V16h12v-2.5"/>',
  print: '<path d="M6 7V3h8v4M6 14H4a1.5 1.5 0 0 1-1.5-1.5v-4A1.5 1.5 0 0 1 4 7h12a1.5 1.5 0 0 1 1.5 1.5v4A1.5 1.5 0 0 1 16 14h-2"/><rect x="6" y="11" width="8" height="6"/>',
  write: '<path d="M13.5 3.5 16.5 6.5 7 16H4v-3Z"/>',
  history: '<path d="M3.6 11.2A6.5 6.5 0 1 0 5.4 5.4L3.5 7.3"/><path d="M3.5 3.8v3.5H7"/><path d="M10 6.5V10l2.5 1.6"/>',
  share: '<path d="M10 12.5V2.5M6.5 6 10 2.5 13.5 6"/><path d="M7 8.5H5.5a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1v-7a1 1 0 0 0-1-1H13"/>',
}

/**
 * A 20×20 line icon drawn in the text colour, hidden from assistive technology: the control that
 * holds it carries the words (a visible label or `aria-label`).
 */
export function icon(name: IconName): SVGSVGElement {
  const template = document.createElement('template')
  template.innerHTML =
    `<svg class="icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${paths[name]}</svg>`
  return template.content.firstElementChild as SVGSVGElement
}
