/**
 * Sends what several contributors produced in one turn to every recipient, each recipient getting
 * everything except its own contributions.
 *
 * Recipients that contributed nothing all receive the very same bytes, encoded once; a contributor
 * receives a frame encoded from the others' items, or nothing when it was the only contributor.
 * `contributions` maps a contributor (or `null` for the relay itself) to its items in arrival order.
 *
 * Encoding a frame per contributor costs O(K²) for K contributors, so when more than `shareAbove`
 * contributed, every recipient, contributors included, gets the one shared frame instead: a Yjs
 * peer drops what it already has, and one busy turn costs one encoding.
 */
export function fanOut<Recipient, Item>(
  contributions: Map<Recipient | null, Item[]>,
  recipients: Iterable<Recipient>,
  encode: (items: Item[]) => Uint8Array,
  send: (recipient: Recipient, frame: Uint8Array) => void,
  shareAbove = Infinity,
): void {
  const shared = contributions.size > shareAbove
  let everything: Uint8Array | undefined
  for (const recipient of recipients) {
    if (shared || !contributions.has(recipient)) {
      everything ??= encode([...contributions.values()].flat())
      send(recipient, everything)
      continue
    }
    const others: Item[] = []
    for (const [contributor, items] of contributions) if (contributor !== recipient) others.push(...items)
    if (others.length > 0) send(recipient, encode(others))
  }
}
