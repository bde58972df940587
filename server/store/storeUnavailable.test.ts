import { describe, expect, it } from 'vitest'
import { StoreClosedError } from './docStore.ts'
import { isStoreUnavailable } from './storeUnavailable.ts'

const failure = (code: string) => Object.assign(new Error(code), { code })

describe('isStoreUnavailable', () => {
  it('counts a store that cannot be reached or cannot take a write now as unavailable', () => {
    for (const code of ['ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT', '08006', '57P01', '57P03', '53100', '25006', '40P01', 'SQLITE_BUSY', 'SQLITE_FULL']) {
      expect(isStoreUnavailable(failure(code)), code).toBe(true)
    }
    expect(isStoreUnavailable(new StoreClosedError())).toBe(true)
  })

  it('leaves refused requests and the relay’s own faults alone', () => {
    for (const code of ['22P02', '23505', '42P01', '08P01', '53400', 'SQLITE_CONSTRAINT', 'SQLITE_IOERR_WRITE', 'ECONNRESET', 'ERR_INVALID_ARG_TYPE']) {
      expect(isStoreUnavailable(failure(code)), code).toBe(false)
    }
    for (const other of [new TypeError('x is undefined'), null, undefined, 'text', { code: 8006 }]) expect(isStoreUnavailable(other)).toBe(false)
  })
})
