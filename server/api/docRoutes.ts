import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CloseCode, validateDocName } from '../../shared/index.ts'
import { type ApiContext, linkUrl, requireCaller, requireDoc, requireRole, retryLater, withPeer } from './apiContext.ts'
import { HttpError, readJsonObject, readText, sendJson, sendText } from './httpJson.ts'
import { ifMatchBase } from './ifMatchBase.ts'
import { mergeText, replaceText } from './textEdit.ts'

/** `POST /api/docs` `{ name?, text? }` → 201 `{ name, links: { edit, view }, tokens: { owner, edit, view } }`. */
export async function createDoc(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonObject(req, ctx.maxBodyBytes)
  if (body.name !== undefined && typeof body.name !== 'string') throw new HttpError(400, '"name" must be a string')
  if (body.text !== undefined && typeof body.text !== 'string') throw new HttpError(400, '"text" must be a string')
  const name = body.name ?? `doc-${randomBytes(6).toString('hex')}`
  const reason = validateDocName(name)
  if (reason !== null) throw new HttpError(400, `${reason}`)
  if ((await ctx.catalog.exists(name)) || !(await ctx.access.claim(name))) throw new HttpError(409, `a document named "${name}" already exists`)
  try {
    // One after the other: a failure leaves no write in flight to land after the abandon below.
    const owner = await ctx.access.issue(name, 'owner')
    const edit = await ctx.access.issue(name, 'edit')
    const view = await ctx.access.issue(name, 'view')
    if (body.text) await withPeer(ctx, name, (peer) => peer.edit((text) => text.insert(0, body.text as string)))
    sendJson(res, 201, {
      name,
      links: { edit: linkUrl(ctx, req, name, edit.token), view: linkUrl(ctx, req, name, view.token) },
      tokens: { owner: owner.token, edit: edit.token, view: view.token },
    })
  } catch (error) {
    await ctx.access.abandon(name).catch((failure: unknown) => ctx.log.error({ err: failure, doc: name }, 'could not release a document whose creation failed'))
    throw error
  }
}

/** `GET /api/docs?cursor=…&limit=…` (admin) → `{ docs: [{ name, bytes, updatedAt }], next }`. */
export async function listDocs(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  await requireRole(ctx, req, null, 'admin')
  const limit = query.has('limit') ? Number(query.get('limit')) : 100
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, '"limit" must be a whole number from 1 to 1000')
  let after: string | null = null
  const cursor = query.get('cursor')
  if (cursor) {
    after = Buffer.from(cursor, 'base64url').toString('utf8')
    if (validateDocName(after) !== null) throw new HttpError(400, '"cursor" is not a cursor this API returned')
  }
  const docs = await ctx.catalog.list(after, limit + 1)
  const page = docs.slice(0, limit)
  const next = docs.length > limit ? Buffer.from(page[page.length - 1].name).toString('base64url') : null
  sendJson(res, 200, { docs: page, next })
}

/** `GET /api/docs/<name>/text` (view or better) → the text as `text/plain`, with an `ETag` for `PUT`'s `If-Match`. */
export async function getText(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  await requireRole(ctx, req, name, 'view')
  await requireDoc(ctx, name)
  const { text, seq } = await withPeer(ctx, name, async (peer) => ({ text: peer.text(), seq: peer.storedSeq }))
  sendText(res, 200, text, { etag: ctx.versions.remember(name, text, seq) })
}

/**
 * `PUT /api/docs/<name>/text` (edit or better): replaces the text by a minimal diff, stored before
 * the 200. With `If-Match: <ETag of an earlier GET>`, the changes made since that read are merged
 * into what others wrote meanwhile instead (412 when neither this relay's memory nor the
 * document's history gives that version; see `ifMatchBase.ts`).
 */
export async function putText(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  const { author } = await requireCaller(ctx, req, name, 'edit')
  await requireDoc(ctx, name)
  const ifMatch = req.headers['if-match']
  const base = ifMatch === undefined ? undefined : await ifMatchBase(ctx, name, ifMatch)
  if (ifMatch !== undefined && base === undefined) {
    throw new HttpError(412, 'the version named by If-Match is not one the relay can find; GET the text again and redo the change')
  }
  const next = await readText(req, ctx.maxBodyBytes)
  const result = await withPeer(ctx, name, async (peer) => {
    const changed = await peer.edit((text) => replaceText(text, base === undefined ? next : mergeText(base, next, text.toString())))
    return { changed, text: peer.text(), seq: peer.storedSeq }
  }, author)
  const tag = ctx.versions.remember(name, result.text, result.seq)
  sendJson(res, 200, { name, changed: result.changed, length: result.text.length }, { etag: tag })
}

/** `POST /api/docs/<name>/append` (edit or better): adds the body at the end, stored before the 200. */
export async function appendText(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  const { author } = await requireCaller(ctx, req, name, 'edit')
  await requireDoc(ctx, name)
  const addition = await readText(req, ctx.maxBodyBytes)
  const length = await withPeer(ctx, name, async (peer) => {
    await peer.edit((text) => text.insert(text.length, addition))
    return peer.text().length
  }, author)
  sendJson(res, 200, { name, length })
}

/**
 * `DELETE /api/docs/<name>` (owner or admin): revokes every link, closes every connection with
 * {@link CloseCode.DocumentDeleted}, waits for the room to unload, and removes it from the store.
 */
export async function deleteDoc(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  await requireRole(ctx, req, name, 'owner')
  await requireDoc(ctx, name)
  await ctx.access.beginDelete(name)
  try {
    const deadline = Date.now() + 10_000
    while (ctx.registry.has(name)) {
      if (Date.now() > deadline) throw new HttpError(503, 'the document is still in use; retry the deletion', retryLater)
      ctx.access.live.close(name, CloseCode.DocumentDeleted, 'the document was deleted')
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await ctx.catalog.remove(name)
    ctx.history?.cache.forget(name)
  } finally {
    await ctx.access.endDelete(name)
  }
  ctx.log.info({ doc: name }, 'document deleted')
  sendJson(res, 200, { name, deleted: true })
}
