import { setImmediate as nextTurn } from 'node:timers/promises'
import { gzipSync } from 'node:zlib'
import { encodeBundle } from '../../shared/history/historyBundle.ts'
import type { HistoryStore, KeptBundle, StoredVersion } from '../store/historyStore.ts'
import { bundleOf } from './bundleOf.ts'
import type { DocHistory } from './docHistory.ts'
import { listVersions } from './versionList.ts'

/**
 * How long an encoded bundle is served again while nothing was stored: the slider's stops for
 * "every change of the last hour" may be this much out of date, which nobody can see.
 */
export const bundleKeepMs = 60_000

/**
 * Stored changes from which a history counts as long: reading it cold takes long enough (about
 * 40 ms of CPU per 10,000 changes, more on a busy relay) that the relay reads it ahead and keeps
 * its bundle in the store.
 */
export const longHistoryChanges = 10_000

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
 * kept for {@link bundleKeepMs}, so a class opening History together costs one encoding. A long
 * history's new bundle is also kept in the store ({@link keptBundleAt}). Call it inside a read of
 * the history, once its run table is prepared.
 */
export async function plainBundle(history: DocHistory, store: HistoryStore, now: number): Promise<Uint8Array> {
  const stored = await store.listVersions(history.name)
  const versions = versionsKey(stored)
  const last = made.get(history)
  if (last && last.seq === history.seq && last.versions === versions && now - last.madeAt < bundleKeepMs && now >= last.madeAt) return last.bytes
  // In three steps, letting the relay serve others between them: made at once, a long history's
  // bundle held everyone else up for 170-350 ms on a fresh relay.
  const listed = listVersions(history, stored, now)
  await nextTurn()
  const bundle = bundleOf(history, listed, now)
  await nextTurn()
  const bytes = encodeBundle(bundle)
  made.set(history, { seq: history.seq, versions, madeAt: now, bytes })
  if (history.changes.seq.length >= longHistoryChanges) {
    // A cache: a failed write costs only the wait it would have saved the next relay start.
    store.keepBundle(history.name, { head: history.seq, versions, data: gzipSync(bytes, { level: 6 }) }).catch(() => {})
  }
  return bytes
}

/**
 * The bundle of `name` the store kept, gzipped, if it is what a plain opening would be sent now:
 * made at `head` (the last stored change) with the versions stored now. Null otherwise.
 */
export async function keptBundleAt(store: HistoryStore, name: string, head: number): Promise<Uint8Array | null> {
  const kept = await store.keptBundle(name)
  return (await keptBundleFits(store, name, kept, head)) ? kept!.data : null
}

/** Whether `kept` (the bundle the store kept of `name`) was made at `head` with the versions stored now. */
export async function keptBundleFits(store: HistoryStore, name: string, kept: KeptBundle | null, head: number): Promise<boolean> {
  return kept !== null && kept.head === head && kept.versions === versionsKey(await store.listVersions(name))
}

/** What tells apart the stored versions a bundle was made with: any made, renamed or removed. */
export function versionsKey(stored: readonly StoredVersion[]): string {
  return stored.map((v) => `${v.id}:${v.seq}:${v.label}`).join('\n')
}
