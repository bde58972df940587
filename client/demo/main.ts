/**
 * The merge demo page (placeholder until the demo lands): renders a short notice in `root`.
 */
export function mountDemo(root: HTMLElement): void {
  const box = document.createElement('div')
  box.className = 'placeholder-page'
  box.innerHTML = '<h1>Demo coming soon</h1><p>An interactive look at how Mergepad merges edits. <a href="/">Back to Mergepad</a></p>'
  root.replaceChildren(box)
}
