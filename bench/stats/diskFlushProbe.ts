import fs from 'node:fs/promises'
import path from 'node:path'

/** What a {@link startFlushProbe} saw: how long its flushes took, in milliseconds. */
export interface FlushProbeResult {
  flushes: number
  p99Ms: number
  maxMs: number
}

const blockBytes = 8192
const fileBytes = 4 << 20

/**
 * Watches the disk under `dir` while a measurement runs: `perSecond` times a second, writes 8 kB
 * into a file filled beforehand (as Postgres writes into its log segments) and times the
 * `fdatasync` that follows. A server that commits every keystroke waits for such flushes, so a
 * run whose probe saw a flush of tens of milliseconds measured the disk's bad moment as much as
 * the server. Light on purpose: 20 flushes a second by default, where ours's three nodes commit
 * up to about 60 (hot room) and 480 (many rooms) times a second. `stop()` ends it, removes the
 * file and resolves with what it saw (the same result however often it is called).
 */
export async function startFlushProbe(dir: string, perSecond = 20): Promise<{ stop(): Promise<FlushProbeResult> }> {
  const file = path.join(dir, `flush-probe-${process.pid}-${Date.now()}`)
  const handle = await fs.open(file, 'w+')
  await handle.write(Buffer.alloc(fileBytes))
  await handle.sync()
  const block = Buffer.alloc(blockBytes, 1)
  const times: number[] = []
  let stopped = false
  const loop = (async () => {
    for (let offset = 0; !stopped; offset = (offset + blockBytes) % fileBytes) {
      const due = performance.now() + 1000 / perSecond
      await handle.write(block, 0, blockBytes, offset)
      const start = performance.now()
      await handle.datasync()
      times.push(performance.now() - start)
      const wait = due - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    }
  })()
  let stopping: Promise<FlushProbeResult> | null = null
  const finish = async (): Promise<FlushProbeResult> => {
    stopped = true
    await loop
    await handle.close()
    await fs.rm(file, { force: true })
    const sorted = [...times].sort((a, b) => a - b)
    return {
      flushes: sorted.length,
      p99Ms: sorted.length > 0 ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] : Number.NaN,
      maxMs: sorted.at(-1) ?? Number.NaN,
    }
  }
  return { stop: () => (stopping ??= finish()) }
}
