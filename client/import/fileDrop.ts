/**
 * Makes `target` take files dragged onto it: while files are dragged over it, `target` carries
 * `data-dropping` (for a hint drawn by CSS); on drop, `onFiles` gets them with the drop event. The
 * browser's own reaction to a dropped file (leaving the app to show it) is prevented. Drags of
 * text or links are left alone. Returns the function that stops listening.
 */
export function acceptFileDrops(target: HTMLElement, onFiles: (files: File[], event: DragEvent) => void): () => void {
  let depth = 0
  const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false
  const setDropping = (on: boolean) => (on ? target.setAttribute('data-dropping', '') : target.removeAttribute('data-dropping'))
  const onEnter = (event: DragEvent) => {
    if (!hasFiles(event)) return
    depth++
    setDropping(true)
  }
  const onLeave = (event: DragEvent) => {
    if (!hasFiles(event)) return
    depth = Math.max(0, depth - 1)
    if (depth === 0) setDropping(false)
  }
  const onOver = (event: DragEvent) => {
    if (!hasFiles(event)) return
    event.preventDefault()
    event.dataTransfer!.dropEffect = 'copy'
  }
  const onDrop = (event: DragEvent) => {
    depth = 0
    setDropping(false)
    const files = [...(event.dataTransfer?.files ?? [])]
    if (files.length === 0) return
    event.preventDefault()
    onFiles(files, event)
  }
  target.addEventListener('dragenter', onEnter)
  target.addEventListener('dragleave', onLeave)
  target.addEventListener('dragover', onOver)
  target.addEventListener('drop', onDrop)
  return () => {
    target.removeEventListener('dragenter', onEnter)
    target.removeEventListener('dragleave', onLeave)
    target.removeEventListener('dragover', onOver)
    target.removeEventListener('drop', onDrop)
  }
}

/** Opens the file picker for `accept` (several files allowed) and calls `onFiles` with the choice. */
export function pickFiles(accept: string, onFiles: (files: File[]) => void): void {
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = accept
  input.multiple = true
  input.addEventListener('change', () => input.files && input.files.length > 0 && onFiles([...input.files]))
  input.click()
}
