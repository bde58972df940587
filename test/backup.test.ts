import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it, onTestFinished } from 'vitest'
import { textOnRelay } from './helpers/client.ts'
import { connectForTest } from './helpers/testClient.ts'
import { startRelayProcess } from './helpers/relayProcess.ts'
import { waitFor } from './helpers/wait.ts'

const run = promisify(execFile)
const projectRoot = new URL('..', import.meta.url).pathname

describe('npm run backup', () => {
  it('takes a backup while a client types that restores to a relay serving every edit stored before it began', async () => {
    const relay = await startRelayProcess()
    onTestFinished(async () => void (await relay.stop()))
    const typer = connectForTest(relay.url, 'live', 'Ada')
    const watcher = connectForTest(relay.url, 'live', 'watcher')
    await Promise.all([typer.synced(), watcher.synced()])

    let typing = true
    let count = 0
    const keystrokes = (async () => {
      while (typing) {
        typer.type(String(count++ % 10))
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
    })()
    await waitFor(() => watcher.text.length >= 200, 'some typing to be stored')
    // The relay relays only what it has stored: everything the watcher holds now is stored.
    const storedBefore = watcher.text.toString()
    const to = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-backup-')), 'backup.sqlite')
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/backup/cli.ts', '--data', relay.dataDir, '--to', to], { cwd: projectRoot })
    expect(stdout).toContain(`backed up ${relay.dataDir} to ${to}`)
    await waitFor(() => watcher.text.length >= storedBefore.length + 100, 'typing to go on after the backup')
    typing = false
    await keystrokes
    const final = typer.text.toString()

    // Restore as README says: the backup file becomes mergepad.sqlite of a fresh data directory.
    const restoredDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-restored-'))
    fs.copyFileSync(to, path.join(restoredDir, 'mergepad.sqlite'))
    const restored = await startRelayProcess({ dataDir: restoredDir })
    onTestFinished(async () => void (await restored.stop()))
    const text = await textOnRelay(restored.url, 'live')
    expect(text.startsWith(storedBefore), 'every edit stored before the backup is in it').toBe(true)
    expect(final.startsWith(text), 'the backup is a consistent state of the typing').toBe(true)
  }, 120_000)

  it('refuses a directory that holds no documents, naming it', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-empty-'))
    const failed = await run(process.execPath, ['--import', 'tsx', 'server/backup/cli.ts', '--data', empty, '--to', path.join(empty, 'x')], { cwd: projectRoot }).catch((error) => error)
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain(`${path.join(empty, 'mergepad.sqlite')} does not exist`)
  })
})
