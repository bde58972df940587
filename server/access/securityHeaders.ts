/**
 * Headers sent with every HTTP response: a Content-Security-Policy that allows no inline script and
 * no framing and lets pages connect only to this relay (`host`, the request's Host header: the
 * relay's own origin over http(s) and ws(s)), plus `nosniff` and `Referrer-Policy: no-referrer`,
 * so a document link's path never leaves in a Referer header.
 */
export function securityHeaders(host: string | undefined): Record<string, string> {
  const relay = host && /^[\w.:[\]-]+$/.test(host) ? ` ws://${host} wss://${host}` : ''
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    // CodeMirror positions and themes elements through style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${relay}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  }
}
