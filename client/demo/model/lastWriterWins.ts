import { replicaNames, type ReplicaName } from './cast.ts'
import { applyEdit } from './edits.ts'
import type { Step } from './script.ts'

/** One replica under naive last-writer-wins: a plain string and whether it has unsent edits. */
export interface LwwReplica {
  readonly text: string
  readonly online: boolean
  /** Edited while offline: on reconnecting it uploads its whole text, overwriting the others'. */
  readonly dirty: boolean
}

/** The state of the last-writer-wins model after one step, with what happened in plain words. */
export interface LwwFrame {
  readonly replicas: Readonly<Record<ReplicaName, LwwReplica>>
  /** The copy the server holds. */
  readonly server: string
  readonly note: string
}

/**
 * Plays `steps` from `start` under naive last-writer-wins with whole-text sync: an online edit is
 * sent as the whole text and replaces every online copy; an offline edit waits; a replica that
 * reconnects with unsent edits overwrites the server's and the online copies' whole text, and one
 * without simply downloads the server's. Returns one frame per step.
 */
export function playLastWriterWins(start: string, steps: readonly Step[]): LwwFrame[] {
  const replicas = Object.fromEntries(replicaNames.map((name) => [name, { text: start, online: true, dirty: false }])) as Record<
    ReplicaName,
    LwwReplica
  >
  let server = start
  const frames: LwwFrame[] = []

  const broadcast = (text: string) => {
    server = text
    for (const name of replicaNames) if (replicas[name].online) replicas[name] = { text, online: true, dirty: false }
  }

  for (const step of steps) {
    const notes: string[] = []
    switch (step.kind) {
      case 'offline':
        for (const name of step.who) replicas[name] = { ...replicas[name], online: false }
        notes.push(`${list(step.who)} ${step.who.length > 1 ? 'are' : 'is'} cut off.`)
        break
      case 'edit': {
        const own = replicas[step.who]
        const text = step.edits.reduce(applyEdit, own.text)
        if (own.online) {
          broadcast(text)
          notes.push(`${step.who} sends the whole text; it replaces every online copy.`)
        } else {
          replicas[step.who] = { ...own, text, dirty: true }
          notes.push(`${step.who} edits a private copy.`)
        }
        break
      }
      case 'online':
        for (const name of step.who) {
          const own = replicas[name]
          if (own.dirty) {
            replicas[name] = { ...own, online: true }
            broadcast(own.text)
            notes.push(`${name} syncs and overwrites everyone’s text with ${pronoun(name)} copy.`)
          } else {
            replicas[name] = { text: server, online: true, dirty: false }
            notes.push(`${name} syncs and downloads the server’s copy.`)
          }
        }
        break
      default:
        step satisfies never
    }
    frames.push({ replicas: { ...replicas }, server, note: notes.join(' ') })
  }
  return frames
}

function list(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

function pronoun(name: ReplicaName): string {
  return name === 'Bob' ? 'his' : 'her'
}
