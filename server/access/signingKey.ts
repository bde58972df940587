import fs from 'node:fs'
import path from 'node:path'
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importJWK, importPKCS8 } from 'jose'
import type { SharedAccess } from './grantStore.ts'

/** The Ed25519 key pair that signs and checks share-link tokens. */
export interface SigningKey {
  privateKey: CryptoKey
  publicKey: CryptoKey
}

/** The key file's name inside the data directory when `--secret-file` is not given. */
export const defaultKeyFile = 'access-key.pem'

/**
 * Reads the signing key from `file` (PKCS#8 PEM), or, when the file does not exist, generates an
 * Ed25519 key and writes it there first (mode 0600, written to a temporary file and linked into
 * place, so a crash never leaves half a key, and of relays starting together the first key wins).
 * `file` null gives a key that lives only in this process, for relays that keep nothing
 * (`--data :memory:`). Throws, naming the file, when it holds no usable key.
 */
export async function loadOrCreateSigningKey(file: string | null): Promise<SigningKey> {
  if (file === null) return generate()
  let pem = readKeyFile(file)
  if (pem === null) {
    const key = await generate()
    // Relays starting together on one data directory all find no key: the first written is kept,
    // and the others read it, so every relay signs and checks with the same key.
    if (writeOnce(file, await exportPKCS8(key.privateKey))) return key
    pem = fs.readFileSync(file, 'utf8')
  }
  return signingKeyFromPem(pem, file)
}

/**
 * The signing key kept in a store that relays share (see {@link SharedAccess}): the one kept there,
 * else the key in `file` if that exists (so links it signed keep working), else a new one. Throws,
 * naming the file, when it holds no usable key, before keeping anything. `ownKeyDiffers` is true
 * when `file` holds a key other than the one kept: its public half is then kept among the store's
 * former keys, so the links this relay signed with it still open, on every relay.
 */
export async function sharedSigningKey(shared: SharedAccess, file: string | null): Promise<{ key: SigningKey; ownKeyDiffers: boolean }> {
  const own = file === null ? null : readKeyFile(file)
  const ownKey = own === null ? null : await signingKeyFromPem(own, file!)
  const kept = await shared.keepSigningKey(async () => own ?? exportPKCS8((await generate()).privateKey))
  const ownKeyDiffers = own !== null && own !== kept
  if (ownKeyDiffers) await shared.keepFormerKey(await exportSPKI(ownKey!.publicKey))
  return { key: await signingKeyFromPem(kept, 'the store'), ownKeyDiffers }
}

/** The key in `pem` (PKCS#8 PEM); throws, naming `where` it came from, when it is not an Ed25519 private key. */
async function signingKeyFromPem(pem: string, where: string): Promise<SigningKey> {
  try {
    return await fromPrivateKey(await importPKCS8(pem, 'EdDSA', { extractable: true }))
  } catch (error) {
    throw new Error(`${where} does not hold an Ed25519 private key in PKCS#8 PEM form: ${(error as Error).message}`)
  }
}

/** The text of `file`, or null when there is no such file. */
function readKeyFile(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    return null
  }
}

async function generate(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  return fromPrivateKey(privateKey)
}

async function fromPrivateKey(privateKey: CryptoKey): Promise<SigningKey> {
  const { kty, crv, x } = await exportJWK(privateKey)
  if (crv !== 'Ed25519') throw new Error(`the key is ${crv ?? kty}, not Ed25519`)
  const publicKey = (await importJWK({ kty, crv, x }, 'EdDSA')) as CryptoKey
  return { privateKey, publicKey }
}

/** Writes `text` to `file` whole, unless `file` exists by then: returns whether it wrote it. */
function writeOnce(file: string, text: string): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  fs.writeFileSync(temporary, text, { mode: 0o600 })
  try {
    fs.linkSync(temporary, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return false
  } finally {
    fs.unlinkSync(temporary)
  }
}
