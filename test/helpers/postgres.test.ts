import fs from 'node:fs'
import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { startPostgres } from './postgres.ts'

describe('startPostgres', () => {
  it('runs a cluster of its own that keeps its data across a restart, drops a database, and removes it', async () => {
    const server = await startPostgres()
    afterAll(() => server.remove())
    const first = await server.newDatabase()
    const second = await server.newDatabase()
    expect(first).not.toBe(second)
    expect(first).toMatch(new RegExp(`^postgres://postgres@127\\.0\\.0\\.1:${server.port}/`))

    let sql = postgres(first, { onnotice: () => {} })
    await sql`CREATE TABLE kept (word text)`
    await sql`INSERT INTO kept VALUES ('durable')`
    await sql.end()
    await server.stop()
    await expect(postgres(first, { connect_timeout: 2 })`SELECT 1`).rejects.toThrow(/ECONNREFUSED/)
    await server.start()
    sql = postgres(first)
    expect(await sql`SELECT word FROM kept`).toEqual([{ word: 'durable' }])
    expect(await sql`SELECT current_setting('port') AS port`).toEqual([{ port: String(server.port) }])
    await sql.end()

    // A database dropped while a session is open in it: the session is ended, the database gone.
    const open = postgres(second, { max: 1, onnotice: () => {} })
    await open`SELECT 1`
    await server.dropDatabase(second)
    await expect(open`SELECT 1`).rejects.toThrow()
    await open.end()
    sql = postgres(server.url, { max: 1 })
    const names = (await sql`SELECT datname FROM pg_database`).map((row) => row.datname)
    expect(names).toContain(new URL(first).pathname.slice(1))
    expect(names).not.toContain(new URL(second).pathname.slice(1))
    await sql.end()

    await server.remove()
    expect(fs.existsSync(server.dir)).toBe(false)
  })
})
