import { type HistoryBundle, decodeBundle } from '../../shared/history/historyBundle.ts'
import { toBase64 } from 'lib0/buffer'
import { encodeDocName } from '../../shared/docName.ts'

function headers(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {}
}

async function failure(response: Response): Promise<Error> {
  const body = await response.json().catch(() => null)
  return new Error((body as { error?: string } | null)?.error ?? `the relay answered ${response.status}`)
}

/**
 * Reads the history of `name` (`GET /api/docs/<name>/history`); rejects with the relay's words on a
 * refusal. `away` asks for a stop where this tab left: at the last change stored more than `ms`
 * ago, or before the first insertion its state vector then (`stateVector`) lacks, if earlier.
 */
export async function fetchHistory(name: string, token: string | null, away?: { ms: number; stateVector: Uint8Array }): Promise<HistoryBundle> {
  return decodeBundle(await fetchHistoryBytes(name, token, away))
}

/** {@link fetchHistory} before decoding: the bundle as the relay encoded it (see `encodeBundle`). */
export async function fetchHistoryBytes(name: string, token: string | null, away?: { ms: number; stateVector: Uint8Array }): Promise<Uint8Array> {
  const query = away === undefined ? '' : `?away=${Math.max(0, Math.round(away.ms))}&sv=${encodeURIComponent(toBase64(away.stateVector))}`
  const response = await fetch(`/api/docs/${encodeDocName(name)}/history${query}`, { headers: headers(token), cache: 'no-store' })
  if (!response.ok) throw await failure(response)
  return new Uint8Array(await response.arrayBuffer())
}

/** Names a version of the text as stored now (`POST /api/docs/<name>/versions`); `restoredFrom` marks a restore. */
export async function nameVersion(name: string, token: string | null, label: string, restoredFrom?: string): Promise<{ id: string }> {
  const response = await fetch(`/api/docs/${encodeDocName(name)}/versions`, {
    method: 'POST',
    headers: { ...headers(token), 'content-type': 'application/json' },
    body: JSON.stringify({ label, restoredFrom }),
  })
  if (!response.ok) throw await failure(response)
  return (await response.json()) as { id: string }
}
