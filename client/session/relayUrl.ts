/**
 * The relay's WebSocket base URL: `VITE_RELAY_URL` when set (the dev server, whose page origin is
 * Vite's, not the relay's), otherwise the page's own origin, since in production the relay serves
 * the app.
 */
export function relayUrl(): string {
  const configured = import.meta.env.VITE_RELAY_URL
  if (configured) return configured.replace(/\/+$/, '')
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}`
}
