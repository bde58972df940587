import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { relayLauncher, relayNodeFlags } from './nodeFlags.ts'

describe('relayNodeFlags', () => {
  it('are the flags npm start runs the relay with', () => {
    const { scripts } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }
    expect(scripts.start).toBe(`sh ${relayLauncher} node ${relayNodeFlags.join(' ')} --import tsx server/cli.ts`)
  })
})
