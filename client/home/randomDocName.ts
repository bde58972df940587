const first = ['amber', 'brisk', 'cedar', 'dusky', 'ember', 'fern', 'glad', 'hazel', 'ivory', 'jolly', 'kind', 'lunar', 'misty', 'noble', 'olive', 'plum', 'quick', 'rosy', 'sunny', 'tidy', 'umber', 'vivid', 'windy', 'young', 'zesty']
const second = ['acorn', 'brook', 'comet', 'delta', 'eagle', 'field', 'grove', 'harbor', 'island', 'jetty', 'kettle', 'lantern', 'meadow', 'nectar', 'orchard', 'pebble', 'quill', 'river', 'sparrow', 'thistle', 'valley', 'willow', 'yarrow', 'zephyr']

/**
 * A readable, hard-to-guess-by-accident document name such as `misty-harbor-4821`: 600 word
 * pairs times 9000 numbers, so two people creating documents at once do not collide.
 */
export function randomDocName(random = Math.random): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]
  return `${pick(first)}-${pick(second)}-${1000 + Math.floor(random() * 9000)}`
}
