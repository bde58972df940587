/**
 * Polls `condition` every few milliseconds until it holds, failing after `timeoutMs` with
 * `message` (or a generic one) so that a test says what it was waiting for.
 */
export async function waitFor(condition: () => boolean, message = 'condition', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/**
 * Settles as `promise` does, or fails after `ms` naming `what` it waited for, so that a wait for
 * an event that never comes says which one. Used by the benchmarks too.
 */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Resolves after `ms` milliseconds. Used by the benchmarks too. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
