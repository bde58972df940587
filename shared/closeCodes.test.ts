import { describe, expect, it } from 'vitest'
import { CloseCode, closeCodeName, closeCodeTable, closeReason, shouldReconnect } from './closeCodes.ts'

/** y-websocket 3.1's `defaultShouldReconnect`: what a stock provider does after a close. */
const stockProviderRetries = (code: number) => !(code >= 4400 && code < 4500)

describe('close codes', () => {
  it('keeps the numbers other programs rely on', () => {
    expect({ ...CloseCode }).toEqual({
      GoingAway: 1001,
      UnsupportedData: 1003,
      MessageTooBig: 1009,
      MalformedMessage: 4400,
      Unauthorized: 4401,
      InvalidUpdate: 4402,
      Forbidden: 4403,
      InvalidDocumentName: 4404,
      UnknownMessageType: 4405,
      DocumentTooLarge: 4413,
      StorageFailure: 4500,
      SlowPeer: 4508,
      RateLimited: 4529,
    })
  })

  it('retries the transient conditions and nothing a reconnect cannot fix', () => {
    const retried = Object.entries(closeCodeTable).filter(([, entry]) => entry.retry).map(([name]) => name)
    expect(retried).toEqual(['GoingAway', 'StorageFailure', 'SlowPeer', 'RateLimited'])
  })

  it('agrees with the stock provider on every code of its own range, so a stock client is never stranded', () => {
    for (const { code, retry } of Object.values(closeCodeTable)) {
      if (code >= 4000) expect(stockProviderRetries(code), `code ${code}`).toBe(retry)
    }
  })

  it('follows the stock rule for codes it does not know', () => {
    expect([1000, 1006, 1011, 4000, 4599].map(shouldReconnect)).toEqual([true, true, true, true, true])
    expect([4410, 4499].map(shouldReconnect)).toEqual([false, false])
  })

  it('names codes and gives their default reasons, within the 123 bytes a close frame allows', () => {
    expect(closeCodeName(4508)).toBe('SlowPeer')
    expect(closeCodeName(4999)).toBe('code 4999')
    expect(closeReason(4999)).toBe('')
    for (const { code, reason } of Object.values(closeCodeTable)) {
      expect(closeReason(code)).toBe(reason)
      expect(Buffer.byteLength(reason), reason).toBeLessThanOrEqual(123)
    }
  })
})
