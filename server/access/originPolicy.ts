import { isIP } from 'node:net'

export interface OriginPolicyOptions {
  /** Origins besides the relay's own whose pages may connect (`--allow-origin`), like `https://app.example.com`. */
  allowOrigins?: string[]
  /**
   * The relay listens on loopback addresses only: then requests must also name a loopback host
   * (or an allowed origin's), so that a foreign site cannot reach it by pointing its own domain
   * at 127.0.0.1 (DNS rebinding, which makes the foreign page look same-origin).
   */
  loopbackOnly?: boolean
}

/**
 * Which browser pages may open WebSockets to the relay and call its API: pages of the relay's own
 * origin and of the origins listed with `--allow-origin`. Requests without an `Origin` header
 * (Node providers, curl) pass. This is what stops cross-site WebSocket hijacking in every mode.
 */
export class OriginPolicy {
  private readonly allowed: Set<string>
  private readonly allowedHosts: Set<string>

  constructor(private readonly options: OriginPolicyOptions = {}) {
    const origins = (options.allowOrigins ?? []).map(normalizeOrigin)
    this.allowed = new Set(origins)
    this.allowedHosts = new Set(origins.map((origin) => new URL(origin).hostname))
  }

  /** Null when a request with these headers may proceed, or the reason it may not. */
  check(origin: string | undefined, host: string | undefined): string | null {
    if (this.options.loopbackOnly && !this.hostAllowed(host)) return `this relay listens on loopback only and answers to localhost, not ${host ?? 'no host'}`
    if (origin === undefined) return null
    if (this.allowed.has(origin.toLowerCase())) return null
    let parsed: URL
    try {
      parsed = new URL(origin)
    } catch {
      return 'the Origin header is not an origin'
    }
    if (host !== undefined && parsed.host.toLowerCase() === host.toLowerCase()) return null
    return `pages from ${parsed.origin} may not connect; start the relay with --allow-origin ${parsed.origin} to allow it`
  }

  private hostAllowed(host: string | undefined): boolean {
    if (host === undefined) return true
    let hostname: string
    try {
      hostname = new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '')
    } catch {
      return false
    }
    return isLoopbackHost(hostname) || this.allowedHosts.has(hostname)
  }
}

/** Whether `host` (a name or an address, without brackets) means this machine's loopback interface. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true
  if (isIP(bare) === 4) return bare.startsWith('127.')
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1'
}

/** `https://App.example.com/` → `https://app.example.com`; throws on something that is not an origin. */
export function normalizeOrigin(origin: string): string {
  const url = new URL(origin)
  if (url.origin === 'null') throw new Error(`"${origin}" is not an http(s) origin`)
  return url.origin.toLowerCase()
}
