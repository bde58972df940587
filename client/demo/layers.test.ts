import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const demo = path.dirname(fileURLToPath(import.meta.url))

/** Every module a source file of `layer` imports, as `file: specifier`. */
function importsOf(layer: string): string[] {
  return fs
    .readdirSync(path.join(demo, layer))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .flatMap((file) => {
      const source = fs.readFileSync(path.join(demo, layer, file), 'utf8')
      return [...source.matchAll(/^import .*?'([^']+)'/gm)].map((match) => `${file}: ${match[1]}`)
    })
}

describe('the demo’s layers', () => {
  it('keeps the model pure: Yjs and other model files only', () => {
    const imports = importsOf('model')
    expect(imports.length).toBeGreaterThan(10)
    expect(imports.filter((line) => !/: (yjs|\.\/[\w]+\.ts)$/.test(line))).toEqual([])
  })

  it('lets the live replicas use the model but never the view', () => {
    const imports = importsOf('live')
    expect(imports.length).toBeGreaterThan(10)
    expect(imports.filter((line) => /: (\.\.\/view\/|.*\.css$|@codemirror)/.test(line))).toEqual([])
  })
})
