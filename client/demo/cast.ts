/** The three replicas of the demo, in the order they are shown. */
export const replicaNames = ['Alice', 'Bob', 'Carol'] as const

/** One of {@link replicaNames}. */
export type ReplicaName = (typeof replicaNames)[number]

/** Each replica's colour: its column, its caret and the text it wrote. */
export const replicaColors: Record<ReplicaName, string> = {
  Alice: '#d9480f',
  Bob: '#1971c2',
  Carol: '#2b8a3e',
}

/** The same colours, faint, for the background of the text each replica wrote. */
export const replicaTints: Record<ReplicaName, string> = {
  Alice: 'rgb(217 72 15 / 0.14)',
  Bob: 'rgb(25 113 194 / 0.14)',
  Carol: 'rgb(43 138 62 / 0.15)',
}

/** What the demo calls the writer of the starting text, which is none of the three. */
export const starterName = 'start'
