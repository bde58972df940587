/**
 * Runs `open` for every index in 0..count-1, at most `concurrency` at once, and resolves with the
 * results in index order. Used to open a thousand sockets without a thundering herd.
 */
export async function connectAll<T>(count: number, concurrency: number, open: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++
      results[index] = await open(index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return results
}

export { sleep, waitFor, within } from '../../test/helpers/wait.ts'
