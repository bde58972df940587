import { ApiError, accessMode, createDoc } from '../access/accessApi.ts'
import { keepToken } from '../access/linkTokens.ts'
import { randomDocName } from './randomDocName.ts'

/**
 * Creates a new document with this device as its owner: the relay records it and issues its links,
 * and the owner's token is kept on this device. Offline on an open relay, the name alone will do
 * (the document is made when it first syncs); a relay that needs links cannot be skipped, and the
 * error says so. `pickName` gives a fresh name for each try (a taken name is tried again with
 * another). Resolves with the new document's name.
 */
export async function newDocument(pickName: () => string = () => randomDocName()): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const name = pickName()
    try {
      const created = await createDoc(name)
      keepToken(created.name, created.tokens.owner)
      return created.name
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      if (error.status === 409 && attempt < 5) continue
      if (error.status === 0 && (await accessMode()) !== 'links') return name
      throw new Error(error.status === 0 ? 'Can’t reach the server to create a document. Try again when you are back online.' : error.message)
    }
  }
}
