import { decodeMessage, docNameFromPath, durableAckParam, peekMessageKind } from '../../shared/index.ts'
import type { PeerSocket } from '../../server/peer.ts'
import type { Room } from '../../server/room.ts'
import { RoomRegistry } from '../../server/roomRegistry.ts'
import { ManualClock, silentLog } from '../helpers/fakes.ts'
import type { Link, Listener, RelayEnd } from './simNetwork.ts'
import type { SimStore } from './simStore.ts'

/**
 * One life of the relay process in a simulation: the real `RoomRegistry` and rooms, on a manual
 * clock and a view of the {@link SimStore}, accepting links from the simulated network the way
 * the `ws` adapter accepts sockets (frames that arrive before the room has loaded are held and fed
 * to it in order). A crash ends the life; a restart is a new one on the same store.
 *
 * It also keeps the books the invariants need: every update this life has promised is durable,
 * because it relayed it (in a sync step 2 or update frame) or acknowledged it (a durable
 * acknowledgement covering the frame that carried it).
 */
export class SimRelay implements Listener {
  readonly clock = new ManualClock()
  private readonly registry: RoomRegistry
  private readonly promised: Uint8Array[] = []

  constructor(store: SimStore, options: { compactAfterUpdates: number; watcherBatchAbove?: number }) {
    this.registry = new RoomRegistry({ store: store.view(), clock: this.clock, log: silentLog, ...options })
  }

  accept(link: Link, url: string): RelayEnd {
    const path = url.replace(/^ws:\/\/[^/]+/, '')
    const target = docNameFromPath(path)
    if ('error' in target) throw new Error(`the simulation dialled a bad name: ${target.error}`)
    const durableAck = new URLSearchParams(path.split('?')[1] ?? '').get(durableAckParam) === '1'
    /** Sync frames received on this link not yet covered by an acknowledgement. */
    const unacknowledged: Uint8Array[] = []
    let acknowledged = 0
    const peer: PeerSocket = {
      isOpen: () => link.state === 'open',
      send: (frame, written) => {
        const message = decodeMessage(frame)
        if (message.type === 'syncStep2' || message.type === 'syncUpdate') this.promised.push(message.update)
        if (message.type === 'durableAck') {
          for (const data of unacknowledged.splice(0, message.count - acknowledged)) this.promised.push(updateOf(data))
          acknowledged = message.count
        }
        link.sendToReplica(frame)
        written?.()
      },
      close: (code, reason) => link.closeFromRelay(code, reason),
    }
    let room: Room | null = null
    let gone = false
    const early: Uint8Array[] = []
    this.registry.join(target.name, peer, { durableAck }).then(
      (joined) => {
        if (gone) return joined.leave(peer)
        room = joined
        for (const data of early.splice(0)) joined.receive(peer, data)
      },
      () => link.closeFromRelay(4500, 'could not open'),
    )
    return {
      receive: (data) => {
        const kind = peekMessageKind(data)
        if (durableAck && (kind === 'syncStep2' || kind === 'syncUpdate')) unacknowledged.push(data)
        if (room) room.receive(peer, data)
        else early.push(data)
      },
      closed: () => {
        gone = true
        room?.leave(peer)
      },
    }
  }

  /** Runs what the rooms deferred to the end of the current turn. */
  endTurn(): void {
    this.clock.runTurn()
  }

  /** Whether rooms have work deferred to the end of the turn. */
  get turnPending(): boolean {
    return this.clock.pendingTurns > 0
  }

  /** Every update promised durable since the last call. */
  takePromises(): Uint8Array[] {
    return this.promised.splice(0)
  }
}

function updateOf(frame: Uint8Array): Uint8Array {
  const message = decodeMessage(frame)
  if (message.type !== 'syncStep2' && message.type !== 'syncUpdate') throw new Error(`not a sync frame: ${message.type}`)
  return message.update
}
