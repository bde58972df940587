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
