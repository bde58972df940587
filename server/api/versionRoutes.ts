import type { IncomingMessage, ServerResponse } from 'node:http'
import { gunzipSync, gzipSync } from 'node:zlib'
import * as Y from 'yjs'
import { encodeBundle } from '../../shared/history/historyBundle.ts'
import { textAt } from '../../shared/history/runTable.ts'
import { bundleOf } from '../history/bundleOf.ts'
import { keptBundleAt, plainBundle } from '../history/plainBundle.ts'
import type { DocHistory } from '../history/docHistory.ts'
import type { HistoryCache } from '../history/historyCache.ts'
import { listVersions } from '../history/versionList.ts'
import type { StoredVersion } from '../store/historyStore.ts'
import { type ApiContext, requireCaller, requireDoc, requireRole, withPeer } from './apiContext.ts'
import { HttpError, readJsonObject, sendJson, sendText } from './httpJson.ts'
import { replaceText } from './textEdit.ts'

/** What the version routes need beyond the rest of the API: the histories, and the relay's clock. */
export interface HistoryContext {
  cache: HistoryCache
  now: () => number
}

/** Longest version label, in characters. */
export const maxLabelLength = 200

/** `GET /api/docs/<name>/versions` (view) → `{ versions: [{ id, at, label?, authors, seq, kind, by?, restoredFrom? }] }`, oldest first. */
export async function getVersions(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  await requireRole(ctx, req, name, 'view')
  const history = await historyOf(ctx, name)
  const versions = await history.cache.read(name, async (h) => listVersions(h, await history.cache.store.listVersions(name), history.now()))
  sendJson(res, 200, { versions })
}

/**
 * `POST /api/docs/<name>/versions` (edit) `{ label, restoredFrom? }` → 201 `{ id, at, label }`: a
 * named version of the text as stored once everything the relay has received is stored.
 */
export async function postVersion(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  const { author } = await requireCaller(ctx, req, name, 'edit')
  const history = await historyOf(ctx, name)
  const body = await readJsonObject(req, ctx.maxBodyBytes)
  const label = labelOf(body.label)
  if (body.restoredFrom !== undefined && typeof body.restoredFrom !== 'string') throw new HttpError(400, '"restoredFrom" must be a version id')
  const restoredFrom = (body.restoredFrom as string | undefined) ?? null
  if (restoredFrom !== null) await history.cache.read(name, async (h) => seqOf(h, await history.cache.store.listVersions(name), restoredFrom))
  await ctx.registry.settle(name)
  const made = await history.cache.store.addVersion(name, { at: history.now(), label, kind: restoredFrom ? 'restore' : 'named', by: author, restoredFrom })
  sendJson(res, 201, publicVersion(made))
}

/** `GET /api/docs/<name>/versions/<id>/text` (view) → the text at that version, `text/plain`. */
export async function getVersionText(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string, id: string): Promise<void> {
  await requireRole(ctx, req, name, 'view')
  const history = await historyOf(ctx, name)
  const text = await history.cache.read(name, async (h) => {
    await h.prepareRuns()
    return textAt(h.runTable(), seqOf(h, await history.cache.store.listVersions(name), id))
  })
  sendText(res, 200, text)
}

/**
 * `POST /api/docs/<name>/versions/<id>/restore` (edit) → 200 `{ id, at, label, restoredFrom, changed }`:
 * the difference between the text now and at that version, applied as one edit by the caller
 * (so what others type meanwhile survives) and stored before the answer, then a version of kind
 * `restore` marking it.
 */
export async function restoreVersion(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string, id: string): Promise<void> {
  const { author } = await requireCaller(ctx, req, name, 'edit')
  const history = await historyOf(ctx, name)
  const { text, label } = await history.cache.read(name, async (h) => {
    await h.prepareRuns()
    const stored = await history.cache.store.listVersions(name)
    return { text: textAt(h.runTable(), seqOf(h, stored, id)), label: stored.find((v) => v.id === id)?.label || id }
  })
  const changed = await withPeer(ctx, name, (peer) => peer.edit((current) => replaceText(current, text)), author)
  const made = await history.cache.store.addVersion(name, { at: history.now(), label: `Restored “${label}”`.slice(0, maxLabelLength), kind: 'restore', by: author, restoredFrom: id })
  sendJson(res, 200, { ...publicVersion(made), changed })
}

/**
 * `GET /api/docs/<name>/history[?away=<ms>[&sv=<base64>]]` (view) → the binary history bundle
 * (`historyBundle.ts`), gzipped when asked. `away` adds a stop at the last change stored more than
 * that many milliseconds before now, where "what changed while you were away" starts; `sv`, the
 * tab's Yjs state vector when it left, moves that stop back before any insertion it had not seen.
 */
export async function getHistoryBundle(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  await requireRole(ctx, req, name, 'view')
  const history = await historyOf(ctx, name)
  const params = new URL(req.url ?? '/', 'http://relay').searchParams
  const away = params.get('away')
  if (away !== null && !/^\d{1,15}$/.test(away)) throw new HttpError(400, '"away" must be a number of milliseconds')
  const awayState = stateVectorParam(params.get('sv'))
  await ctx.registry.settle(name)
  // Right after a relay starts, the bundle it kept of a long history spares the first opening the
  // history's read, if nothing was stored since.
  const head = away === null && !history.cache.holds(name) ? ctx.registry.storedHead(name) : null
  const kept = head === null ? null : await keptBundleAt(history.cache.store, name, head)
  const bytes: Uint8Array =
    kept ??
    (await history.cache.read(name, async (h) => {
      await h.prepareRuns()
      const now = history.now()
      if (away === null) return plainBundle(h, history.cache.store, now)
      return encodeBundle(bundleOf(h, listVersions(h, await history.cache.store.listVersions(name), now), now, now - Number(away), awayState))
    }))
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
  if (gzip) headers['content-encoding'] = 'gzip'
  res.writeHead(200, headers)
  if (kept) res.end(gzip ? kept : gunzipSync(kept))
  else res.end(gzip ? gzipSync(bytes, { level: 1 }) : bytes)
}

async function historyOf(ctx: ApiContext, name: string): Promise<HistoryContext> {
  if (!ctx.history) throw new HttpError(501, 'this relay’s store keeps no history')
  await requireDoc(ctx, name)
  return ctx.history
}

function labelOf(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new HttpError(400, '"label" must be a non-empty string')
  if (value.length > maxLabelLength) throw new HttpError(400, `"label" must be at most ${maxLabelLength} characters`)
  return value.trim()
}

/**
 * The sequence number version `id` of the document names: a version someone made (digits), an
 * automatic one (`a<seq>`) or the text after any stored change (`c<seq>`). 404 when there is none.
 */
export function seqOf(history: DocHistory, stored: readonly StoredVersion[], id: string): number {
  const point = /^[ac](0|[1-9]\d{0,14})$/.exec(id)
  if (point) {
    const seq = Number(point[1])
    if (history.isChange(seq)) return seq
  } else {
    const made = stored.find((v) => v.id === id)
    if (made) return made.seq
  }
  throw new HttpError(404, `there is no version "${id}" of "${history.name}"`)
}

function publicVersion(v: StoredVersion): { id: string; at: string; label: string; seq: number; kind: string; by?: string; restoredFrom?: string } {
  return {
    id: v.id,
    at: new Date(v.at).toISOString(),
    label: v.label,
    seq: v.seq,
    kind: v.kind,
    ...(v.by === null ? {} : { by: v.by }),
    ...(v.restoredFrom === null ? {} : { restoredFrom: v.restoredFrom }),
  }
}

/** The `sv` parameter: a Yjs state vector in base64, at most 4 KiB of it; null when absent. */
function stateVectorParam(value: string | null): Map<number, number> | null {
  if (value === null) return null
  if (value.length > 4096 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new HttpError(400, '"sv" must be a state vector in base64')
  try {
    return Y.decodeStateVector(Buffer.from(value, 'base64'))
  } catch {
    throw new HttpError(400, '"sv" must be a state vector in base64')
  }
}
