import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import sirv from 'sirv'
import type { RelayMetrics } from './metrics.ts'

export interface HttpHandlerOptions {
  metrics: RelayMetrics
  /** The built client, served with a fallback to its `index.html`; null serves no client. */
  clientDir: string | null
  /** Figures for `/healthz`. */
  health: () => Record<string, number>
}

/**
 * Plain HTTP on the relay's port: `GET /healthz`, `GET /metrics` (Prometheus text), and the built
 * client for every other path, `/d/<name>` and `/demo` included.
 */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const client =
    options.clientDir && fs.existsSync(options.clientDir)
      ? sirv(options.clientDir, {
          single: true,
          etag: true,
          setHeaders: (res, pathname) => {
            if (pathname.startsWith('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable')
            else res.setHeader('Cache-Control', 'no-cache')
          },
        })
      : null

  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ status: 'ok', ...options.health() }))
      return
    }
    if (path === '/metrics') {
      options.metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': options.metrics.registry.contentType })
          res.end(text)
        },
        () => {
          res.writeHead(500).end()
        },
      )
      return
    }
    if (client) {
      client(req, res, () => void res.writeHead(404).end('not found'))
      return
    }
    res.writeHead(503, { 'content-type': 'text/plain' })
    res.end('The editor is not built on this server. Run `npm run build`, then restart it.\n')
  }
}
