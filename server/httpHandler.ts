import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import serveStatic from 'serve-static'
import { securityHeaders } from './access/securityHeaders.ts'
import type { RelayMetrics } from './metrics.ts'

export interface HttpHandlerOptions {
  metrics: RelayMetrics
  /** The built client, served with a fallback to its `index.html`; null serves no client. */
  clientDir: string | null
  /** Figures for `/healthz`. */
  health: () => Record<string, number>
  /** The JSON API, given every request under `/api/`. */
  api?: (req: IncomingMessage, res: ServerResponse) => void
}

/**
 * Plain HTTP on the relay's port: `GET /healthz`, `GET /metrics` (Prometheus text), the API under
 * `/api/`, and the built client for every other path, `/d/<name>` and `/demo` included. Every
 * response carries the security headers (see `securityHeaders`).
 */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const client = options.clientDir && fs.existsSync(options.clientDir) ? staticClient(options.clientDir) : null

  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    for (const [name, value] of Object.entries(securityHeaders(req.headers.host))) res.setHeader(name, value)
    if (options.api && (path === '/api' || path.startsWith('/api/'))) return options.api(req, res)
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
      client(req, res)
      return
    }
    res.writeHead(503, { 'content-type': 'text/plain' })
    res.end('The editor is not built on this server. Run `npm run build`, then restart it.\n')
  }
}

/**
 * Serves the built client. Paths without a file extension (`/`, `/d/<name>`, `/demo`) get
 * `index.html`, the app's one page; hashed assets are cached for good, everything else revalidates.
 * A file that vanishes mid-request (a rebuild) is answered 404 or 500, never thrown.
 */
function staticClient(dir: string): (req: IncomingMessage, res: ServerResponse) => void {
  const files = serveStatic(dir, {
    index: false,
    redirect: false,
    setHeaders: (res, file) => {
      const immutable = path.relative(dir, file).startsWith(`assets${path.sep}`)
      res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  const failed = (res: ServerResponse) => (error?: unknown) => {
    if (res.headersSent) return void res.destroy()
    res.writeHead(error ? 500 : 404, { 'content-type': 'text/plain' }).end(error ? 'could not read the file\n' : 'not found\n')
  }
  return (req, res) => {
    files(req, res, (error?: unknown) => {
      const pathname = (req.url ?? '/').split('?')[0]
      if (error || path.extname(pathname) !== '') return failed(res)(error)
      req.url = '/index.html'
      files(req, res, failed(res))
    })
  }
}
