/**
 * Reads a JSON value that this app stored in `localStorage`, or `fallback` when it is missing,
 * unreadable, or storage is unavailable (private modes may refuse it).
 */
export function readLocalJson<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key)
    return raw === null ? fallback : (JSON.parse(raw) as T)
  } catch {
    return fallback
  }
}

/** Stores `value` as JSON under `key`; a full or refused storage is ignored, not thrown. */
export function writeLocalJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Remembering is a convenience; the app works without it.
  }
}
