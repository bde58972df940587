/**
 * What each contributor produced during one event-loop turn, in arrival order: a peer, or `null`
 * for the relay itself (updates that reached it some other way). The room collects a turn's
 * updates and awareness changes in these and hands them to `fanOut` at the turn's end.
 */
export type Contributions<Contributor, Item> = Map<Contributor | null, Item[]>

/** Adds `item` to what `from` contributed. */
export function contribute<Contributor, Item>(contributions: Contributions<Contributor, Item>, from: Contributor | null, item: Item): void {
  const items = contributions.get(from)
  if (items) items.push(item)
  else contributions.set(from, [item])
}

/** Every item, in contributor order. */
export function allItems<Item>(contributions: Contributions<unknown, Item>): Item[] {
  return [...contributions.values()].flat()
}
