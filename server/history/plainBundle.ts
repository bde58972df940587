import { encodeBundle } from '../../shared/history/historyBundle.ts'
import type { StoredVersion } from '../store/historyStore.ts'
import { bundleOf } from './bundleOf.ts'
import type { DocHistory } from './docHistory.ts'
import { listVersions } from './versionList.ts'

/**
 * How long an encoded bundle is served again while nothing was stored: the slider's stops for
 * "every change of the last hour" may be this much out of date, which nobody can see.
 */
export const bundleKeepMs = 60_000

interface Made {
  seq: number
  versions: string
  madeAt: number
  bytes: Uint8Array
}

const made = new WeakMap<DocHistory, Made>()

/**
 * The encoded history bundle of `history` as of `now` with no away stop, which is what every plain
 * opening of the History panel asks for. It is made once per head and set of stored versions and
 * kept for {@link bundleKeepMs}, so a class opening History together costs one encoding. Call it
 * inside a read of the history, once its run table is prepared.
 */
export function plainBundle(history: DocHistory, stored: readonly StoredVersion[], now: number): Uint8Array {
  const versions = stored.map((v) => `${v.id}:${v.seq}:${v.label}`).join('\n')
  const last = made.get(history)
  if (last && last.seq === history.seq && last.versions === versions && now - last.madeAt < bundleKeepMs && now >= last.madeAt) return last.bytes
  const bytes = encodeBundle(bundleOf(history, listVersions(history, stored, now), now))
  made.set(history, { seq: history.seq, versions, madeAt: now, bytes })
  return bytes
}
