import fs from 'node:fs'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type ThrowawayRedis, startRedis } from './redis.ts'

/** Sends one inline command and resolves with Redis's one-line reply. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`${line}\r\n`))
    let reply = ''
    socket.on('data', (chunk) => {
      reply += chunk.toString()
      if (reply.endsWith('\r\n')) {
        socket.end()
        resolve(reply.trim())
      }
    })
    socket.on('error', reject)
  })
}

describe('startRedis', () => {
  let redis: ThrowawayRedis | undefined
  afterEach(() => redis?.remove())

  it('starts empty on a free port, restarts empty, and leaves nothing behind', async () => {
    redis = await startRedis()
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`)
    expect(await command(redis.port, 'SET greeting hello')).toBe('+OK')
    expect(await command(redis.port, 'GET greeting')).toBe('$5\r\nhello')
    await redis.stop()
    await expect(command(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/)
    await redis.start()
    expect(await command(redis.port, 'GET greeting')).toBe('$-1')
    expect(fs.existsSync(redis.dir)).toBe(true)
    await redis.remove()
    expect(fs.existsSync(redis.dir)).toBe(false)
    await expect(command(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/)
  })

  it('keeps its data across a stop, and across a kill, when asked to persist', async () => {
    redis = await startRedis({ persistence: true })
    expect(await command(redis.port, 'SET kept yes')).toBe('+OK')
    await redis.stop()
    await redis.start()
    expect(await command(redis.port, 'GET kept')).toBe('$3\r\nyes')
    await redis.kill()
    await redis.start()
    expect(await command(redis.port, 'PING')).toBe('+PONG')
  })
})
