import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Service, freePort, launch, removeNow, temporaryDir } from './serviceProcess.ts'

/** The load balancer example shipped for operators. */
export const nginxExample = fileURLToPath(new URL('../../server/deploy/nginx-mergepad.conf', import.meta.url))

/** An nginx of a test's own in front of relays; see {@link startNginx}. */
export interface ThrowawayNginx {
  /** `http://127.0.0.1:PORT`, for pages. */
  readonly httpUrl: string
  /** `ws://127.0.0.1:PORT`, for providers. */
  readonly url: string
  /** Stops it and deletes its directory. Idempotent. */
  remove(): Promise<void>
  output(): string
}

/**
 * Starts Debian's `nginx` in the foreground with the shipped example ({@link nginxExample}) as its
 * site, its upstream servers replaced by `ports` (relays on 127.0.0.1) and its `listen` by a free
 * port; pid, logs and temporary files go in a temporary directory. Call `remove()` when done.
 */
export async function startNginx(ports: number[]): Promise<ThrowawayNginx> {
  const dir = temporaryDir('mergepad-nginx-')
  const port = await freePort()
  const upstreams = ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')
  const site = fs
    .readFileSync(nginxExample, 'utf8')
    .replace(/(\n    server 127\.0\.0\.1:\d+[^\n]*)+/, `\n${upstreams}`)
    .replace(/listen \d+;/, `listen 127.0.0.1:${port};`)
  if (!site.includes(`listen 127.0.0.1:${port};`) || !site.includes(`:${ports[0]} `)) throw new Error('the nginx example no longer has the upstream and listen lines this helper rewrites')
  fs.writeFileSync(path.join(dir, 'mergepad.conf'), site)
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${path.join(dir, kind)};`).join(' ')
  const main = `daemon off; worker_processes 1; pid ${path.join(dir, 'nginx.pid')}; error_log stderr notice;
events { worker_connections 1024; }
http { access_log off; ${temp} include ${path.join(dir, 'mergepad.conf')}; }
`
  fs.writeFileSync(path.join(dir, 'nginx.conf'), main)
  let server: Service
  try {
    server = await launch(nginxBinary(), ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'], { ready: /start worker process/ })
  } catch (error) {
    removeNow(dir)
    throw error
  }
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    url: `ws://127.0.0.1:${port}`,
    async remove() {
      await server.stop('SIGTERM')
      removeNow(dir)
    },
    output: () => server.output(),
  }
}

function nginxBinary(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx']) if (fs.existsSync(candidate)) return candidate
  throw new Error('nginx is not installed: apt-get install -y nginx')
}
