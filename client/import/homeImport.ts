import { docPath } from '../routing/route.ts'
import { navigate } from '../routing/navigate.ts'
import { newDocument } from '../home/newDocument.ts'
import { h } from '../ui/h.ts'
import { icon } from '../ui/icons.ts'
import { showToast } from '../ui/toast.ts'
import { acceptFileDrops, pickFiles } from './fileDrop.ts'
import { leaveImport } from './pendingImport.ts'
import { docNameForFile, importAccept, readTextFiles } from './textFile.ts'

/**
 * Importing on the home page: an "Import a file" button, and `.md`/`.txt` files dropped anywhere on
 * `page`. Each import starts a new document named after the (first) file, created with this device
 * as its owner like "New document", holding its text; files
 * that cannot be imported are named in a toast with the reason.
 */
export function homeImport(page: HTMLElement): { button: HTMLButtonElement; destroy(): void } {
  const start = async (files: File[]) => {
    const { text, read, problems } = await readTextFiles(files)
    for (const problem of problems) showToast(problem, { problem: true })
    if (read.length === 0) return
    try {
      const name = await newDocument(() => docNameForFile(read[0]))
      leaveImport(name, text)
      navigate(docPath(name))
    } catch (error) {
      showToast((error as Error).message, { problem: true })
    }
  }
  const button = h('button', { class: 'button button-large', type: 'button', 'data-testid': 'import-file', onclick: () => pickFiles(importAccept, (files) => void start(files)) }, icon('import'), 'Import a file')
  const destroy = acceptFileDrops(page, (files) => void start(files))
  return { button, destroy }
}
