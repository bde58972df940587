import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * Vitest global setup: gives the run a temporary folder of its own and points every test worker,
 * and every process a test starts (relays, Postgres, Redis, nginx, Chromium), at it through
 * `TMPDIR`; the folder is removed when the run ends. Tests make their data folders with
 * `os.tmpdir()` and need not remove each one, so a run, however its tests end, leaves nothing in
 * the system's temporary folder.
 */
export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-run-'))
  // Open to every user, as /tmp is: the throwaway Postgres runs as its own user inside it.
  fs.chmodSync(dir, 0o1777)
  process.env.TMPDIR = dir
  return () => fs.rmSync(dir, { recursive: true, force: true })
}
