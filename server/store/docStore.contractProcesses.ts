import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The scripts the DocStore contract suite runs in child processes, and how it runs them. */

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The start of a child process's script: `openStore` (which declares `store`), then `updates`, one
 * Yjs update per word of `words`, each typed at the end of the text.
 */
function openStoreWithUpdates(openStore: string, words: string[]): string {
  return `
    ${openStore}
    import * as Y from 'yjs'
    const doc = new Y.Doc()
    const updates = []
    doc.on('update', (update) => updates.push(update))
    for (const word of ${JSON.stringify(words)}) doc.getText('codemirror').insert(doc.getText('codemirror').length, word)
  `
}

/**
 * A child process's script: appends one update per word, prints the sequence numbers once all are
 * acknowledged, starts compacting the first half, and is SIGKILLed a moment later.
 */
export function killedWhileCompacting(openStore: string, words: string[]): string {
  return `
    ${openStoreWithUpdates(openStore, words)}
    const seqs = await Promise.all(updates.map((update) => store.append('crash', update)))
    process.stdout.write(JSON.stringify(seqs), () => {
      store.compact('crash', Y.mergeUpdates(updates.slice(0, 100)), 100)
      setTimeout(() => process.kill(process.pid, 'SIGKILL'), 1)
    })
  `
}

/**
 * A child process's script: appends one update per word, each once the last is acknowledged,
 * starting when told to on stdin; prints the sequence numbers.
 */
export function appendInTurns(openStore: string, words: string[]): string {
  return `
    ${openStoreWithUpdates(openStore, words)}
    process.stdout.write('ready\\n')
    process.stdin.once('data', async () => {
      const seqs = []
      // A breath between appends: a fast store finished all of one writer's before a loaded
      // machine scheduled the other, and the two never wrote at once.
      for (const update of updates) {
        seqs.push(await store.append('race', update))
        await new Promise((resolve) => setTimeout(resolve, 1))
      }
      await store.close()
      process.stdout.write(JSON.stringify(seqs))
      process.exit(0)
    })
  `
}

/**
 * Runs each script in its own process, tells them all to start once all are ready, and resolves
 * with what each printed after "ready", parsed as JSON.
 */
export async function racingProcesses(scripts: string[]): Promise<number[][]> {
  const children = scripts.map((script) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk
        if (stdout.startsWith('ready\n')) resolve()
      })
    })
    const exited = new Promise<string>((resolve, reject) =>
      child.once('close', (code) => (code === 0 ? resolve(stdout.slice('ready\n'.length)) : reject(new Error(`writer exited ${code}: ${stderr}`)))),
    )
    return { child, ready, exited }
  })
  try {
    await Promise.all(children.map(({ ready, exited }) => Promise.race([ready, exited])))
    for (const { child } of children) child.stdin.write('go\n')
    return (await Promise.all(children.map(({ exited }) => exited))).map((out) => JSON.parse(out))
  } finally {
    for (const { child } of children) child.kill('SIGKILL')
  }
}
