import net from 'node:net'
import postgres from 'postgres'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type ThrowawayPostgres, startPostgres } from '../../test/helpers/postgres.ts'

// postgres.js as patched on install (server/patches; why: PostgresStore.open): a statement leaves
// for Postgres before the event loop's next turn.

let server: ThrowawayPostgres
beforeAll(async () => {
  server = await startPostgres()
})
afterAll(() => server?.remove())

it('writes a statement made at the end of a turn in that same turn', async () => {
  const events: string[] = []
  const connect = (options: { host: string[]; port: number[] }) =>
    new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect(options.port[0], options.host[0])
      const write = socket.write.bind(socket) as (...args: unknown[]) => boolean
      socket.write = ((...args: unknown[]) => {
        events.push('written')
        return write(...args)
      }) as typeof socket.write
      socket.once('connect', () => resolve(socket)).once('error', reject)
    })
  // `socket` is an option of postgres.js its types do not declare.
  const sql = postgres(await server.newDatabase(), { max: 1, socket: connect } as postgres.Options<{}>)
  try {
    await sql`SELECT 1`
    events.length = 0
    const [answer] = await new Promise<[number, void]>((resolve, reject) => {
      setImmediate(() => {
        const nextTurn = new Promise<void>((turned) => setImmediate(() => turned(void events.push('next turn'))))
        const query = sql<{ two: number }[]>`SELECT 2 AS two`.then(([row]) => row.two)
        Promise.all([query, nextTurn]).then(resolve, reject)
      })
    })
    expect(answer).toBe(2)
    expect(events).toEqual(['written', 'next turn'])
  } finally {
    await sql.end({ timeout: 1 })
  }
})
