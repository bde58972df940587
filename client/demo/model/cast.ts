/** The three replicas of the demo, in the order they are shown. */
export const replicaNames = ['Alice', 'Bob', 'Carol'] as const

/** One of {@link replicaNames}. Its colour is defined once, in `view/replicaColors.css`. */
export type ReplicaName = (typeof replicaNames)[number]

/** What the demo calls the writer of the starting text, which is none of the three. */
export const starterName = 'start'
