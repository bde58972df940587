import type { Logger } from 'pino'
import type { PeerSocket } from './peer.ts'
import { type JoinOptions, Room, type RoomOptions } from './room.ts'

/** Told when a room is loaded, and when it retires (it starts unloading and takes no more peers). */
export interface RoomLifecycle {
  loaded?(room: Room): void
  retired?(room: Room): void
}

/** One lifecycle that tells each of `lifecycles` in turn. */
export function lifecycles(...each: (RoomLifecycle | null | undefined)[]): RoomLifecycle {
  const all = each.filter((lifecycle) => lifecycle != null)
  return {
    loaded: (room) => all.forEach((lifecycle) => lifecycle.loaded?.(room)),
    retired: (room) => all.forEach((lifecycle) => lifecycle.retired?.(room)),
  }
}

/**
 * The rooms loaded in this process, by document name. Concurrent first connections to a document
 * share one load; a room is unloaded (flushed, compacted, freed) when its last peer leaves, and a
 * connection that arrives while it unloads waits for that to finish and gets a freshly loaded room.
 * Every `replyKeepMs` it has each room drop the sync replies nobody has used for that long.
 */
export class RoomRegistry {
  private readonly loading = new Map<string, Promise<Room>>()
  private readonly loaded = new Map<string, Room>()
  private readonly unloading = new Map<string, Promise<void>>()
  private shuttingDown = false
  private readonly stopTrimming: () => void

  constructor(
    private readonly roomOptions: Omit<RoomOptions, 'onRetire'> & { log: Logger },
    private readonly lifecycle: RoomLifecycle = {},
  ) {
    const keepMs = roomOptions.replyKeepMs ?? 2000
    this.stopTrimming = roomOptions.clock.every(keepMs, () => {
      for (const room of this.loaded.values()) room.trim(keepMs)
    })
  }

  /** Number of rooms loaded or loading. */
  get size(): number {
    return this.loaded.size + this.loading.size
  }

  /**
   * Adds `peer` to the room of `name`, loading it first if needed. Resolves with the room once the
   * peer has joined; rejects when the store cannot load the document or the relay is shutting down.
   */
  async join(name: string, peer: PeerSocket, options: JoinOptions = {}): Promise<Room> {
    for (;;) {
      if (this.shuttingDown) throw new Error('the relay is shutting down')
      const room = await this.open(name)
      if (room.join(peer, options)) return room
      // The room retired while we waited for it; wait for its unload and open it again.
      await this.unloading.get(name)
    }
  }

  /** Whether a room of `name` is loading, loaded or still unloading (storing and compacting). */
  has(name: string): boolean {
    return this.loading.has(name) || this.loaded.has(name) || this.unloading.has(name)
  }

  /**
   * Resolves once every update the loaded room of `name` has received so far is stored (at once
   * when no room of it is loaded, or it is still unloading: then its store writes are awaited).
   */
  async settle(name: string): Promise<void> {
    const room = this.loaded.get(name)
    if (room) await room.settled()
    else await this.unloading.get(name)
  }

  /** The last change stored of `name` as its loaded room knows it, or null when no room of it is loaded. */
  storedHead(name: string): number | null {
    return this.loaded.get(name)?.seq ?? null
  }

  /** Flushes and unloads every room, waiting for their stores. Joins fail from now on. */
  async closeAll(): Promise<void> {
    this.shuttingDown = true
    this.stopTrimming()
    await Promise.allSettled(this.loading.values())
    for (const room of [...this.loaded.values()]) this.retire(room)
    await Promise.all(this.unloading.values())
  }

  private open(name: string): Room | Promise<Room> {
    const room = this.loaded.get(name)
    if (room) return room
    let loading = this.loading.get(name)
    if (!loading) {
      loading = this.load(name).finally(() => this.loading.delete(name))
      this.loading.set(name, loading)
    }
    return loading
  }

  private async load(name: string): Promise<Room> {
    await this.unloading.get(name)
    const room = await Room.load(name, { ...this.roomOptions, onRetire: (retiring) => this.retire(retiring) })
    this.loaded.set(name, room)
    this.lifecycle.loaded?.(room)
    return room
  }

  private retire(room: Room): void {
    if (this.loaded.get(room.name) !== room) return
    this.loaded.delete(room.name)
    this.lifecycle.retired?.(room)
    const done = room
      .close()
      .catch((error) => this.roomOptions.log.error({ err: error, doc: room.name }, 'unloading room failed'))
      .finally(() => this.unloading.delete(room.name))
    this.unloading.set(room.name, done)
  }
}
