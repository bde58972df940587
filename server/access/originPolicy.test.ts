import { describe, expect, it } from 'vitest'
import { OriginPolicy, isLoopbackHost } from './originPolicy.ts'

describe('OriginPolicy', () => {
  it('lets clients without an Origin through, and pages of the same origin or an allowed one', () => {
    const policy = new OriginPolicy({ allowOrigins: ['https://App.example.com/'] })
    expect(policy.check(undefined, 'pad.example.com')).toBeNull()
    expect(policy.check('https://pad.example.com', 'pad.example.com')).toBeNull()
    expect(policy.check('https://app.example.com', 'pad.example.com')).toBeNull()
    expect(policy.check('https://evil.example', 'pad.example.com')).toMatch(/--allow-origin https:\/\/evil\.example/)
    expect(policy.check('null', 'pad.example.com')).not.toBeNull()
    expect(policy.check('https://pad.example.com:8443', 'pad.example.com')).not.toBeNull()
  })

  it('on loopback, answers only to loopback hosts, so DNS rebinding gets nowhere', () => {
    const policy = new OriginPolicy({ loopbackOnly: true })
    expect(policy.check(undefined, 'localhost:1234')).toBeNull()
    expect(policy.check('http://127.0.0.1:1234', '127.0.0.1:1234')).toBeNull()
    expect(policy.check(undefined, '[::1]:1234')).toBeNull()
    expect(policy.check('http://rebound.example:1234', 'rebound.example:1234')).toMatch(/loopback/)
  })

  it('knows loopback names and addresses', () => {
    for (const host of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true)
    for (const host of ['0.0.0.0', '::', '192.168.1.2', 'example.com', 'localhost.example.com']) expect(isLoopbackHost(host), host).toBe(false)
  })
})
