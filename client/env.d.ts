/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/vanillajs" />

interface ImportMetaEnv {
  /** The relay's WebSocket URL when the page is not served by the relay (`npm run dev`). */
  readonly VITE_RELAY_URL?: string
}
