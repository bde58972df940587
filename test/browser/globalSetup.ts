import { ensureClientBuilt } from '../helpers/browser.ts'

/**
 * Vitest global setup: builds the client once before any test file runs, so browser tests and
 * the relay's static serving see a complete `dist/client`.
 */
export default function setup(): void {
  ensureClientBuilt()
  process.env.MERGEPAD_CLIENT_BUILT = '1'
}
