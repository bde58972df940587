import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openDoc } from '../helpers/browser.ts'
import { browserSuite } from '../helpers/browserSuite.ts'
import { setDocText, waitForPreview } from '../helpers/writing.ts'
import { xssPayloads } from './xssPayloads.ts'

const suite = browserSuite()

/** What attacks achieved: script that ran (by payload number), dialogs, requests, navigations. */
interface Watch {
  page: Page
  hits: number[]
  dialogs: string[]
  requests: string[]
  navigations: string[]
  errors: string[]
  /** Starts counting requests and navigations (the page's own loading is not counted). */
  arm(): void
}

/**
 * A person with the editor open on a fresh document, watched: `xssHit(n)` records that payload
 * `n` ran script, dialogs are recorded and dismissed, and once armed every request is recorded
 * and aborted unless it goes to the relay (the service worker is off, so every request the page
 * makes is seen here).
 */
async function watchedEditor(name: string): Promise<Watch> {
  // The relay's Content-Security-Policy forbids inline script, a second wall behind the sanitiser;
  // it is bypassed here so that the sanitiser alone is what these tests hold to account.
  const { page, context, errors } = await suite.person({ serviceWorkers: 'block', bypassCSP: true })
  let armed = false
  const watch: Watch = { page, hits: [], dialogs: [], requests: [], navigations: [], errors, arm: () => (armed = true) }
  await context.exposeBinding('xssHit', (_source, n: number) => void watch.hits.push(n))
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  context.on('request', (request) => armed && watch.requests.push(request.url()))
  page.on('framenavigated', (frame) => armed && watch.navigations.push(frame.url()))
  await context.route('**/*', (route) => (route.request().url().startsWith(suite.relay.httpUrl) ? route.continue() : route.abort()))
  await openDoc(page, suite.relay.httpUrl, name)
  await page.waitForSelector('[data-testid="preview"] .preview-empty')
  return watch
}

/** Payload `n` with its placeholders filled in. */
function payload(n: number): string {
  return xssPayloads[n].markdown.replaceAll('PARENT_HIT', `parent.xssHit(${n})`).replaceAll('HIT', `xssHit(${n})`).replaceAll('EVIL', `https://evil.example/p${n}`)
}

/** Everything in the preview that should not be there; empty when it is inert. */
function unsafeInPreview(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const forbidden = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'style', 'link', 'meta', 'base', 'form', 'button', 'textarea', 'select', 'svg', 'math', 'video', 'audio', 'source', 'portal', 'template', 'noscript', 'marquee'])
    const preview = document.querySelector('[data-testid="preview"]')!
    const found: string[] = []
    for (const el of preview.querySelectorAll('.md-block *')) {
      const tag = el.localName
      if (forbidden.has(tag)) found.push(`<${tag}>`)
      if (el instanceof HTMLInputElement && !(el.type === 'checkbox' && el.disabled)) found.push(`<input type=${el.type}>`)
      for (const { name, value } of el.attributes) {
        if (name.startsWith('on') || ['style', 'srcset', 'srcdoc', 'formaction', 'action', 'ping', 'background', 'data', 'xlink:href', 'is', 'autofocus', 'tabindex'].includes(name)) found.push(`${tag}[${name}]`)
        if (name === 'class' && !value.split(/\s+/).every((c) => /^(language-\S+|task-list-(container|item|item-label|item-checkbox)|align-(left|center|right))$/.test(c))) found.push(`${tag}.${value}`)
        if (name === 'id' && !value.startsWith('user-content-')) found.push(`${tag}#${value}`)
        if (name === 'href' || name === 'src') {
          const url = new URL(value, location.href)
          const rasterData = tag === 'img' && name === 'src' && /^data:image\/(png|gif|jpe?g|webp);base64,/i.test(value)
          if (!['http:', 'https:', 'mailto:'].includes(url.protocol) && !rasterData) found.push(`${tag}[${name}=${value}]`)
          if (tag === 'img' && name === 'src' && !/^(https?:\/\/|data:)/i.test(value.trim())) found.push(`relative img ${value}`)
        }
      }
    }
    // Nothing from the document may cover the app's own bar.
    if (!document.elementFromPoint(640, 20)?.closest('.topbar')) found.push('the top bar is covered')
    return found
  })
}

/** Points at every block of the preview and clicks its links that stay on the page. */
async function poke(page: Page): Promise<void> {
  const boxes = await page.$$eval('[data-testid="preview"] .md-block', (blocks) =>
    blocks.slice(0, 12).map((b) => b.getBoundingClientRect()).map((r) => ({ x: r.x + Math.min(20, r.width / 2), y: r.y + Math.min(10, r.height / 2), h: r.height })),
  )
  for (const box of boxes) if (box.h > 0 && box.y > 60 && box.y < 740) await page.mouse.move(box.x, box.y)
  await page.$$eval('[data-testid="preview"] a:not([href]), [data-testid="preview"] a[href^="#"]', (links) => links.forEach((a) => (a as HTMLElement).click()))
}

/** Resolves once every image in the preview has loaded or failed and the events that follow have run. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="preview"] img')].every((img) => (img as HTMLImageElement).complete))
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))))
}

describe('the preview is safe by construction', () => {
  it(`renders ${xssPayloads.length} known attacks inert: no script runs, no request leaves the page`, { timeout: 300_000 }, async () => {
    expect(xssPayloads.length).toBeGreaterThanOrEqual(50)
    const watch = await watchedEditor('xss-corpus')
    const { page } = watch
    const address = page.url()
    watch.arm()
    for (let n = 0; n < xssPayloads.length; n++) {
      await setDocText(page, `${payload(n)}\n\nEND-${n}\n`)
      await waitForPreview(page, `END-${n}`)
      await poke(page)
      await settled(page)
      expect(await unsafeInPreview(page), `payload ${n} (${xssPayloads[n].category}): ${payload(n)}`).toEqual([])
      expect({ hits: watch.hits, dialogs: watch.dialogs, requests: watch.requests }, `payload ${n}: ${payload(n)}`).toEqual({ hits: [], dialogs: [], requests: [] })
    }

    // All of them at once, in one document.
    await setDocText(page, `${xssPayloads.map((_, n) => payload(n)).join('\n\n')}\n\nEND-ALL\n`)
    await waitForPreview(page, 'END-ALL')
    await poke(page)
    await settled(page)
    expect(await unsafeInPreview(page)).toEqual([])
    expect({ hits: watch.hits, dialogs: watch.dialogs, requests: watch.requests, navigations: watch.navigations, errors: watch.errors }).toEqual({ hits: [], dialogs: [], requests: [], navigations: [], errors: [] })
    expect(page.url()).toBe(address)

    // And the editor still works: typing still reaches the preview.
    await setDocText(page, 'Still **working**')
    await waitForPreview(page, 'Still working')
    expect(await page.innerHTML('[data-testid="preview"] .md-block')).toBe('<p>Still <strong>working</strong></p>\n')
  })

  it('would notice an attack that got through: the same watch sees raw HTML run and load', async () => {
    const watch = await watchedEditor('xss-control')
    const { page } = watch
    watch.arm()
    // Unsanitised HTML (never done by the app) runs and loads under the same watch...
    await page.evaluate(() => {
      const scratch = document.body.appendChild(document.createElement('div'))
      scratch.innerHTML = '<img src="x" onerror="xssHit(-1)"><img src="https://evil.example/control.png">'
    })
    await page.waitForFunction(() => [...document.querySelectorAll('body > div img')].every((img) => (img as HTMLImageElement).complete))
    // ...and an ordinary Markdown image from the web is a request the watch records.
    await setDocText(page, '![chart](https://images.example/chart.png)\n\nEND\n')
    await waitForPreview(page, 'END')
    await settled(page)
    await expect.poll(() => watch.hits).toEqual([-1])
    await expect.poll(() => watch.requests.filter((url) => !url.startsWith(suite.relay.httpUrl)).sort()).toEqual(['https://evil.example/control.png', 'https://images.example/chart.png'])
    expect(await page.getAttribute('[data-testid="preview"] img', 'referrerpolicy')).toBe('no-referrer')
  })
})
