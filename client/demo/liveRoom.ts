import type { EditorView } from '@codemirror/view'
import { replicaNames, type ReplicaName } from './cast.ts'
import { openDemoRoom, type DemoRoom } from './demoRoom.ts'
import { createReplicaEditor } from './replicaEditor.ts'
import { summarizeRoom, type ReplicaSummary } from './replicaSummary.ts'

/** The room currently on screen: its replicas in their editors, redrawn as they change. */
export interface LiveRoom {
  /** The open room (after the first {@link LiveRoom.open}). */
  current(): DemoRoom
  /** Closes the current room, if any, and opens a fresh one holding `start`. */
  open(start: string): void
  /** Redraws now rather than on the next frame. */
  render(): void
  close(): void
}

/**
 * Keeps one demo room at a time on the relay at `serverUrl`, each replica's editor in
 * `editorParents`, and calls `draw` with fresh summaries at most once a frame after any change.
 */
export function createLiveRoom(
  serverUrl: string,
  editorParents: Readonly<Record<ReplicaName, HTMLElement>>,
  draw: (room: DemoRoom, summaries: Record<ReplicaName, ReplicaSummary>) => void,
): LiveRoom {
  let room: DemoRoom | null = null
  let editors: EditorView[] = []
  let unsubscribe: (() => void)[] = []
  let frame = 0

  const render = () => {
    cancelAnimationFrame(frame)
    frame = 0
    if (room) draw(room, summarizeRoom(room))
  }
  const scheduleRender = () => {
    if (frame === 0) frame = requestAnimationFrame(render)
  }
  const close = () => {
    cancelAnimationFrame(frame)
    frame = 0
    unsubscribe.forEach((off) => off())
    editors.forEach((view) => view.destroy())
    room?.destroy()
    room = null
  }

  return {
    current() {
      if (!room) throw new Error('No demo room is open')
      return room
    },
    open(start) {
      close()
      const opened = openDemoRoom(serverUrl, start)
      room = opened
      const classOf = (client: number) => {
        const name = opened.nameOf(client)
        return (replicaNames as readonly string[]).includes(name) ? `by-${name}` : null
      }
      editors = replicaNames.map((name) => {
        editorParents[name].replaceChildren()
        return createReplicaEditor(editorParents[name], opened.replicas[name], classOf)
      })
      unsubscribe = replicaNames.map((name) => opened.replicas[name].onChange(scheduleRender))
      render()
    },
    render,
    close,
  }
}
