import { SignJWT, errors, jwtVerify } from 'jose'
import { type Role, isRole } from '../../shared/index.ts'
import type { SigningKey } from './signingKey.ts'

/** What a share-link token says: which document, which role, its id, and when it stops working. */
export interface TokenClaims {
  doc: string
  role: Role
  /** The link's id (the JWT `jti`), by which it is listed and revoked. */
  id: string
  /** Issue time, whole seconds since the epoch (the JWT `iat`). */
  issuedAt: number
  /** Expiry, whole seconds since the epoch (the JWT `exp`), or null for never. */
  expiresAt: number | null
}

/** The outcome of checking a token: its claims, or why it is no good. */
export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; problem: 'malformed' | 'forged' | 'expired'; reason: string }

/** Longest token accepted; real ones are about 250 characters. */
const maxTokenLength = 2048

/**
 * Signs `claims` as a compact JWT (EdDSA over Ed25519). Ed25519 signatures are deterministic, so
 * the same claims always give the same token: a link can be shown again from what was stored.
 */
export function signToken(key: SigningKey, claims: TokenClaims): Promise<string> {
  const jwt = new SignJWT({ doc: claims.doc, role: claims.role })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setJti(claims.id)
    .setIssuedAt(claims.issuedAt)
  if (claims.expiresAt !== null) jwt.setExpirationTime(claims.expiresAt)
  return jwt.sign(key.privateKey)
}

/**
 * Checks `token` (anything a client sent) against `key` at time `nowMs`: the signature (EdDSA
 * only; jose's verification compares in constant time), the expiry, and the shape of the claims.
 * A token `key` did not sign may have been signed by one of `formerKeys` (public keys that signed
 * links before, see `formerKeys.ts`). Never throws, whatever the input.
 */
export async function verifyToken(key: SigningKey, token: unknown, nowMs: number, formerKeys: readonly CryptoKey[] = []): Promise<TokenCheck> {
  if (typeof token !== 'string' || token.length === 0 || token.length > maxTokenLength) {
    return { ok: false, problem: 'malformed', reason: 'the token is missing or not a token' }
  }
  try {
    const { payload } = await verifyWithAny(token, [key.publicKey, ...formerKeys], nowMs)
    const { doc, role, jti, iat, exp } = payload
    if (typeof doc !== 'string' || !isRole(role) || typeof jti !== 'string' || typeof iat !== 'number') {
      return { ok: false, problem: 'malformed', reason: 'the token does not name a document, role and id' }
    }
    return { ok: true, claims: { doc, role, id: jti, issuedAt: iat, expiresAt: typeof exp === 'number' ? exp : null } }
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, problem: 'expired', reason: 'the link has expired' }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return { ok: false, problem: 'forged', reason: 'the token was not signed by this server' }
    }
    return { ok: false, problem: 'malformed', reason: 'the token is not a valid link token' }
  }
}

/** Verifies `token` with the first of `keys` whose signature it carries; throws as jose does for the last. */
async function verifyWithAny(token: string, keys: readonly CryptoKey[], nowMs: number) {
  for (let i = 0; ; i++) {
    try {
      return await jwtVerify(token, keys[i], { algorithms: ['EdDSA'], currentDate: new Date(nowMs) })
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed) || i === keys.length - 1) throw error
    }
  }
}
