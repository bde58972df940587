import type * as Y from 'yjs'
import { resolveEdit } from './edits.ts'
import type { Edit } from './script.ts'

/** Origin of the transactions a scenario makes, so they count as local edits of the replica. */
export const scenarioOrigin = Symbol('scenario')

/** Makes `edit` on the shared `text` as one local transaction, as typing it would. */
export function applyEditToText(text: Y.Text, edit: Edit): void {
  const { index, deleteCount, insert } = resolveEdit(text.toString(), edit)
  text.doc!.transact(() => {
    if (deleteCount > 0) text.delete(index, deleteCount)
    if (insert) text.insert(index, insert)
  }, scenarioOrigin)
}
