import net from 'node:net'

/** A TCP proxy in front of a Postgres server that can cut connections as they open. */
export interface CuttingProxy {
  /** The proxied server's URL with the proxy's port in its place. */
  readonly url: string
  /** Connections cut so far. */
  readonly cut: number
  close(): Promise<void>
}

/**
 * Forwards connections to the server of `target` (a `postgres://` URL on 127.0.0.1), but resets
 * each of the first `cuts` at the first thing its client sends once the server said it is ready
 * (ReadyForQuery): a database lost just as a connection opens, when a driver runs its first query.
 */
export async function startCuttingProxy(target: string, cuts: number): Promise<CuttingProxy> {
  const upstream = new URL(target)
  let cut = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const backend = net.connect(Number(upstream.port), upstream.hostname)
    sockets.add(client).add(backend)
    const cutting = cut < cuts
    let ready = false
    backend.on('data', (chunk: Buffer) => {
      // ReadyForQuery: 'Z', a length of 5, a status byte.
      if (chunk.includes(Buffer.from([0x5a, 0, 0, 0, 5]))) ready = true
      client.write(chunk)
    })
    client.on('data', (chunk: Buffer) => {
      if (cutting && ready) {
        cut++
        client.resetAndDestroy()
        backend.destroy()
        return
      }
      backend.write(chunk)
    })
    for (const [socket, other] of [[client, backend], [backend, client]] as const) {
      socket.on('error', () => other.destroy())
      socket.on('close', () => {
        sockets.delete(socket)
        other.destroy()
      })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = new URL(target)
  url.port = String((server.address() as net.AddressInfo).port)
  return {
    url: url.href,
    get cut() {
      return cut
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
