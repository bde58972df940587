import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

/** What {@link backupData} wrote. */
export interface BackupResult {
  /** Every file written, documents first. */
  files: string[]
}

/**
 * Backs up a relay's data directory while the relay runs: `mergepad.sqlite` (documents, their
 * history and versions) to `to` with SQLite's online backup, which copies a consistent state of
 * the database however much is written meanwhile, so every edit acknowledged before the backup
 * began is in it. When the directory has share links, `access.sqlite` goes to `<to>-access.sqlite`
 * (online backup too) and the signing key `access-key.pem` to `<to>-access-key.pem`. Throws naming
 * the file when the directory holds no documents.
 */
export async function backupData(dataDir: string, to: string): Promise<BackupResult> {
  const documents = path.join(dataDir, 'mergepad.sqlite')
  if (!fs.existsSync(documents)) throw new Error(`${documents} does not exist: is --data the relay's data directory?`)
  const files: string[] = []
  const copy = async (from: string, into: string) => {
    const db = new Database(from, { readonly: true, fileMustExist: true })
    try {
      await db.backup(into)
    } finally {
      db.close()
    }
    files.push(into)
  }
  await copy(documents, to)
  const access = path.join(dataDir, 'access.sqlite')
  if (fs.existsSync(access)) await copy(access, `${to}-access.sqlite`)
  const key = path.join(dataDir, 'access-key.pem')
  if (fs.existsSync(key)) {
    fs.copyFileSync(key, `${to}-access-key.pem`)
    fs.chmodSync(`${to}-access-key.pem`, 0o600)
    files.push(`${to}-access-key.pem`)
  }
  return { files }
}
