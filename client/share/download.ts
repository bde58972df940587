/** The file format offered for download; both are the text as is, with their own extension. */
export type DownloadFormat = 'txt' | 'md'

/** A file name for document `name`: folders become dashes, and the format's extension is added. */
export function downloadFileName(name: string, format: DownloadFormat): string {
  const base = name.replace(/[\\/:*?"<>|]+/g, '-').replace(/^-+|-+$/g, '') || 'document'
  return `${base}.${format}`
}

/** Saves `text` as a file through the browser's download, named for document `name`. */
export function downloadText(name: string, text: string, format: DownloadFormat): void {
  const type = format === 'md' ? 'text/markdown' : 'text/plain'
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }))
  const a = document.createElement('a')
  a.href = url
  a.download = downloadFileName(name, format)
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
