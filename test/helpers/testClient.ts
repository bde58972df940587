import { onTestFinished } from 'vitest'
import { type TestClient, connectClient } from './client.ts'

/** {@link connectClient}, destroyed when the current test finishes: call it from inside a test. */
export function connectForTest(url: string, room: string, name?: string, params?: Record<string, string>): TestClient {
  const client = connectClient(url, room, name, params)
  onTestFinished(() => client.destroy())
  return client
}
