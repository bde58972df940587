import fs from 'node:fs'

/** Clock ticks per second of /proc's CPU times (USER_HZ); 100 on every Linux Node runs on. */
const ticksPerSecond = 100

/** CPU time and memory of one process, read from /proc. */
export interface ProcessSample {
  /** User plus system CPU time used so far, in milliseconds. */
  cpuMs: number
  /** Of `cpuMs`, the time spent in the kernel (system time), in milliseconds. */
  kernelCpuMs: number
  /** Resident set size now, in bytes. */
  rssBytes: number
  /** Of `rssBytes`, anonymous memory (RssAnon: the JavaScript heap, malloc's arenas, stacks), in bytes. */
  anonRssBytes: number
  /** Peak resident set size so far (VmHWM), in bytes. */
  peakRssBytes: number
  /** Bytes this process caused to be written to storage so far (`write_bytes`), or null if unknown. */
  writeBytes: number | null
}

/** Reads a {@link ProcessSample} of `pid`; throws if the process is gone. */
export function sampleProcess(pid: number): ProcessSample {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const kernelCpuMs = (Number(fields[12]) * 1000) / ticksPerSecond
  const cpuMs = (Number(fields[11]) * 1000) / ticksPerSecond + kernelCpuMs
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return {
    cpuMs,
    kernelCpuMs,
    rssBytes: statusKb(status, 'VmRSS') * 1024,
    anonRssBytes: statusKb(status, 'RssAnon') * 1024,
    peakRssBytes: statusKb(status, 'VmHWM') * 1024,
    writeBytes: readWriteBytes(pid),
  }
}

/**
 * Resident bytes of the C allocator's main heap (the `[heap]` mapping in /proc smaps: what the main
 * thread's malloc took with brk, such as SQLite's page cache and buffers outside the JavaScript
 * heap), or 0 if the process has none. Freed memory inside it stays resident until the allocator
 * trims the top, so it shows how high that heap once went.
 */
export function mallocHeapBytes(pid: number): number {
  const smaps = fs.readFileSync(`/proc/${pid}/smaps`, 'utf8')
  const start = smaps.search(/ \[heap\]\n/)
  if (start < 0) return 0
  const rss = /^Rss:\s+(\d+) kB/m.exec(smaps.slice(start))
  return rss ? Number(rss[1]) * 1024 : 0
}

function statusKb(status: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)
  if (!match) throw new Error(`no ${key} in /proc status`)
  return Number(match[1])
}

function readWriteBytes(pid: number): number | null {
  try {
    const match = /^write_bytes:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

/** Total size in bytes of the regular files under `dir` (0 if it does not exist). */
export function directoryBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0
  let total = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(`${entry.parentPath}/${entry.name}`).size
  }
  return total
}

/**
 * CPU time (user + system, ms) used so far by `pid` and its direct children (a Postgres server and
 * its backends), read from /proc; children that exited are not counted.
 */
export function processTreeCpuMs(pid: number): number {
  let total = 0
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(entry) !== pid && Number(fields[1]) !== pid) continue
    total += ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
  }
  return total
}
