/**
 * Postgres array literals (`{"a","b"}`) for the store's batched statements, bound as text and cast
 * in SQL (`$1::text[]`).
 *
 * postgres.js can serialize arrays itself only after it fetches the server's array types, which it
 * does on every new connection; when a connection is lost during that fetch (a database restart),
 * the fetch's rejection escapes as an unhandled rejection and ends the process
 * (porsager/postgres#1192, #1223, open in 3.4.9). The store turns the fetch off
 * (`fetch_types: false`) and writes its array kinds here.
 */

/** `values` as a `text[]` literal. */
export function textArray(values: readonly string[]): string {
  return `{${values.map(quoted).join(',')}}`
}

/** `values`, whole numbers, as an `int[]` or `bigint[]` literal. */
export function integerArray(values: readonly number[]): string {
  for (const value of values) if (!Number.isSafeInteger(value)) throw new RangeError(`not a whole number: ${value}`)
  return `{${values.join(',')}}`
}

/** `values` as a `bytea[]` literal, null entries as SQL NULL. */
export function byteaArray(values: readonly (Uint8Array | null)[]): string {
  return `{${values.map((value) => (value === null ? 'NULL' : quoted(`\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`))).join(',')}}`
}

/** An array element in double quotes, its backslashes and quotes escaped. */
function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`
}
