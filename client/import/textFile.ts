/** The largest file imported, in bytes: far beyond any hand-written text, well within a relay frame. */
export const maxImportBytes = 4 * 1024 * 1024

/** The file picker's `accept`: Markdown and plain text. */
export const importAccept = '.md,.markdown,.txt,text/markdown,text/plain'

/** Why a file was not imported, in words for the person who picked it. */
export class ImportError extends Error {}

/**
 * The text of a file picked or dropped for import. Accepts `.md`, `.markdown` and `.txt` files (or
 * any `text/plain` / `text/markdown` one) of at most {@link maxImportBytes}, in UTF-8 (a byte-order
 * mark is dropped); line ends become `\n`. Throws an {@link ImportError} saying what is wrong
 * otherwise: another kind of file, too large, not UTF-8, or binary (a NUL byte).
 */
export function decodeTextFile(name: string, type: string, bytes: Uint8Array): string {
  if (!/\.(md|markdown|txt)$/i.test(name) && !/^text\/(plain|markdown|x-markdown)\b/i.test(type)) {
    throw new ImportError(`“${name}” is not a Markdown or text file (.md or .txt).`)
  }
  if (bytes.byteLength > maxImportBytes) {
    throw new ImportError(`“${name}” is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; files up to ${maxImportBytes / 1024 / 1024} MB can be imported.`)
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new ImportError(`“${name}” is not UTF-8 text.`)
  }
  if (text.includes('\0')) throw new ImportError(`“${name}” looks like a binary file, not text.`)
  return text.replace(/\r\n?/g, '\n')
}

/** Reads `file` with {@link decodeTextFile}. */
export async function readTextFile(file: File): Promise<string> {
  return decodeTextFile(file.name, file.type, new Uint8Array(await file.arrayBuffer()))
}

/**
 * The texts of `files` in order, joined by a blank line, the names of the files read, and one
 * message per file that was left out (the reason from {@link decodeTextFile}).
 */
export async function readTextFiles(files: Iterable<File>): Promise<{ text: string; read: string[]; problems: string[] }> {
  const texts: string[] = []
  const read: string[] = []
  const problems: string[] = []
  for (const file of files) {
    try {
      texts.push(await readTextFile(file))
      read.push(file.name)
    } catch (error) {
      problems.push(error instanceof ImportError ? error.message : `“${file.name}” could not be read.`)
    }
  }
  return { text: texts.join('\n\n'), read, problems }
}

/**
 * A new document's name for an imported file: the file's name without its extension, in lower
 * case with dashes, then four digits so importing the same file twice makes two documents
 * (`Meeting notes.md` → `meeting-notes-4821`). `random` is `Math.random` unless a test passes one.
 */
export function docNameForFile(fileName: string, random = Math.random): string {
  const base = fileName
    .replace(/\.[^.]*$/, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return `${base || 'imported'}-${1000 + Math.floor(random() * 9000)}`
}
