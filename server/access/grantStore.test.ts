import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describeGrantStore } from './grantStore.contract.ts'
import { MemoryGrantStore } from './grantStore.ts'
import { SqliteGrantStore } from './sqliteGrantStore.ts'

describeGrantStore('MemoryGrantStore', async () => ({ open: async () => new MemoryGrantStore(), durable: false }))

describeGrantStore('SqliteGrantStore', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-grants-'))
  return { open: async () => new SqliteGrantStore(dir), durable: true, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) }
})
