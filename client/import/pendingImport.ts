const pending = new Map<string, string>()

/**
 * Leaves `text` for the editor page of the new document `docName`, which the home page is about to
 * open (in the same page, without a reload). Kept in memory only: the text is in the document as
 * soon as the editor takes it.
 */
export function leaveImport(docName: string, text: string): void {
  pending.set(docName, text)
}

/** The text left for `docName` by {@link leaveImport}, once; `undefined` when there is none. */
export function takeImport(docName: string): string | undefined {
  const text = pending.get(docName)
  pending.delete(docName)
  return text
}
