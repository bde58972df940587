/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

const projectRoot = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root: 'client',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // The editor (CodeMirror, Yjs, providers: ~220 kB gzipped) is one chunk on purpose, so a shared
    // link opens in one round trip; only the demo is split off.
    chunkSizeWarningLimit: 1000,
  },
  plugins: [
    // The service worker precaches the app shell so `/d/<name>` opens with the relay down; the
    // document itself comes from IndexedDB, never from the worker's cache.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Mergepad',
        short_name: 'Mergepad',
        description: 'Write together in real time, online or off.',
        theme_color: '#1f2a44',
        background_color: '#f7f6f2',
        display: 'standalone',
        icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,woff2}'],
        navigateFallback: '/index.html',
        // Health checks and anything with a file extension go to the network, not the shell.
        navigateFallbackDenylist: [/^\/healthz/, /^\/metrics/, /^\/api\//],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  test: {
    root: projectRoot,
    include: ['{client,server,shared,test}/**/*.test.ts'],
    // Gives the run a temporary folder removed at its end; builds the client once, before any
    // browser test starts a relay that serves it.
    globalSetup: ['test/runTempDir.ts', 'test/browser/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real servers and browsers; two cores do not gain from more workers.
    maxWorkers: 2,
  },
})
