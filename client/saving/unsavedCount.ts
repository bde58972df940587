import { readLocalJson, writeLocalJson } from '../storage/localJson.ts'

const key = (name: string) => `mergepad:unsaved:${name}`

/**
 * The count of changes to document `name` that this device made and the relay had not stored
 * when it was last written, so a reload (offline, say) still shows them; 0 when unknown.
 */
export function readUnsavedCount(name: string): number {
  const count = readLocalJson<unknown>(key(name), 0)
  return Number.isSafeInteger(count) && (count as number) > 0 ? (count as number) : 0
}

/** Remembers the count of unsaved changes to document `name` on this device. */
export function writeUnsavedCount(name: string, count: number): void {
  writeLocalJson(key(name), count)
}
