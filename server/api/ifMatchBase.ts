import { textAt } from '../../shared/history/runTable.ts'
import type { ApiContext } from './apiContext.ts'
import { etag, seqOfTag } from './readVersions.ts'

/**
 * The text a `PUT` with `If-Match: tag` merges its body from: the one this relay handed out under
 * `tag`, or else the text the document's history gives as of the stored entry the tag names, if
 * its digest is the tag's. So a `GET` answered by another relay on the same store (behind a load
 * balancer), or by this one before it restarted, still counts. Undefined when neither holds: the
 * caller answers 412.
 */
export async function ifMatchBase(ctx: ApiContext, name: string, tag: string): Promise<string | undefined> {
  const remembered = ctx.versions.get(name, tag)
  const seq = seqOfTag(tag)
  if (remembered !== undefined || seq === null || !ctx.history) return remembered
  return ctx.history.cache.read(name, async (history) => {
    if (!history.isChange(seq)) return undefined
    await history.prepareRuns()
    const text = textAt(history.runTable(), seq)
    return etag(name, text, seq) === tag.trim() ? text : undefined
  })
}
