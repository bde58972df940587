import type { EditorView } from '@codemirror/view'
import { openDemoRoom, type DemoRoom } from '../live/demoRoom.ts'
import { summarizeRoom, type ReplicaSummary } from '../live/replicaSummary.ts'
import { replicaNames, type ReplicaName } from '../model/cast.ts'
import { createReplicaEditor } from './replicaEditor.ts'

/** The room currently on screen: its replicas in their editors, redrawn as they change. */
export interface RoomView {
  /** The open room (after the first {@link RoomView.open}). */
  current(): DemoRoom
  /** Closes the current room, if any, and opens a fresh one holding `start`. */
  open(start: string): void
  /** Redraws now rather than on the next frame. */
  render(): void
  close(): void
}

/** Where a {@link RoomView} opens its rooms and puts their editors. */
export interface RoomViewSetup {
  /** The relay's WebSocket URL. */
  readonly serverUrl: string
  /** Each replica's editor goes in its entry. */
  readonly editorParents: Readonly<Record<ReplicaName, HTMLElement>>
  /** Each replica's caret colour (`#rrggbb`). */
  readonly colors: Readonly<Record<ReplicaName, string>>
}

/**
 * Keeps one demo room at a time on the relay, each replica's editor in its place, and calls
 * `draw` with fresh summaries at most once a frame after any change.
 */
export function createRoomView(setup: RoomViewSetup, draw: (room: DemoRoom, summaries: Record<ReplicaName, ReplicaSummary>) => void): RoomView {
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
      const opened = openDemoRoom(setup.serverUrl, start, setup.colors)
      room = opened
      const whoOf = (client: number) => {
        const name = opened.nameOf(client)
        return (replicaNames as readonly string[]).includes(name) ? name : null
      }
      editors = replicaNames.map((name) => {
        setup.editorParents[name].replaceChildren()
        return createReplicaEditor(setup.editorParents[name], opened.replicas[name], whoOf)
      })
      unsubscribe = replicaNames.map((name) => opened.replicas[name].onChange(scheduleRender))
      render()
    },
    render,
    close,
  }
}
