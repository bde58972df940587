import { describe, expect, it } from 'vitest'
import { validateDocName } from '../../shared/docName.ts'
import { decodeTextFile, docNameForFile, maxImportBytes } from './textFile.ts'

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('decodeTextFile', () => {
  it('reads Markdown and text files, dropping a byte-order mark and Windows line ends', () => {
    expect(decodeTextFile('notes.md', '', utf8('# Hi\r\nthere\r\n'))).toBe('# Hi\nthere\n')
    expect(decodeTextFile('README.markdown', 'text/markdown', utf8('ok'))).toBe('ok')
    expect(decodeTextFile('list', 'text/plain', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Grüße')]))).toBe('Grüße')
  })

  it('refuses other files, saying why', () => {
    expect(() => decodeTextFile('photo.png', 'image/png', utf8('x'))).toThrow(/“photo.png” is not a Markdown or text file/)
    expect(() => decodeTextFile('big.txt', 'text/plain', new Uint8Array(maxImportBytes + 1))).toThrow(/4.0 MB; files up to 4 MB/)
    expect(() => decodeTextFile('latin1.txt', 'text/plain', new Uint8Array([0x47, 0x72, 0xfc, 0xdf, 0x65]))).toThrow(/not UTF-8/)
    expect(() => decodeTextFile('bin.md', '', new Uint8Array([0x61, 0x00, 0x62]))).toThrow(/binary/)
  })
})

describe('docNameForFile', () => {
  it('names the document after the file, with four digits, and always validly', () => {
    expect(docNameForFile('Meeting notes.md', () => 0.5)).toBe('meeting-notes-5500')
    expect(docNameForFile('Ünïcode Plan (v2).txt', () => 0)).toBe('ünïcode-plan-v2-1000')
    expect(docNameForFile('.md', () => 0)).toBe('imported-1000')
    for (const name of ['../../etc/passwd.md', 'a/b\\c.txt', '\u0000.md', 'x'.repeat(400) + '.md']) {
      expect(validateDocName(docNameForFile(name))).toBeNull()
    }
  })
})
