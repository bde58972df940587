import type { ReplicaName } from './cast.ts'

/** Where an insert goes, found in the text of the replica that makes it. */
export type Anchor = 'start' | 'end' | { after: string } | { before: string }

/**
 * One edit, addressed by the text around it rather than by position, so that the same edit can
 * be played on a live replica and on the last-writer-wins model alike.
 */
export type Edit =
  | { kind: 'insert'; text: string; at: Anchor }
  | { kind: 'delete'; text: string }
  | { kind: 'replace'; text: string; with: string }

/** One step of a scenario, with the caption shown while it plays. */
export type Step =
  | { kind: 'offline'; who: ReplicaName[]; caption: string }
  /** Reconnects `who` one after another, in this order (which decides last-writer-wins). */
  | { kind: 'online'; who: ReplicaName[]; caption: string }
  | { kind: 'edit'; who: ReplicaName; edits: Edit[]; caption: string }

/** A replayable story: every replica starts online from `start`, then the steps play in order. */
export interface Scenario {
  readonly id: string
  readonly title: string
  /** One line for the scenario's button. */
  readonly summary: string
  readonly start: string
  readonly steps: readonly Step[]
  /** The caption once the replicas have converged. */
  readonly ending: string
}

/** An edit of a scenario together with the replica that made it. */
export interface AttributedEdit {
  readonly who: ReplicaName
  readonly edit: Edit
}

/** Every edit of `scenario`, in the order they are made. */
export function editsOf(scenario: Scenario): AttributedEdit[] {
  return scenario.steps.flatMap((step) => (step.kind === 'edit' ? step.edits.map((edit) => ({ who: step.who, edit })) : []))
}
