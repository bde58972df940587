import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { encodeAwarenessEntries } from '../../shared/index.ts'
import type { Dialect } from './dialect.ts'

/** State vector and update of an empty document, as y-protocols encodes them. */
const emptyStateVector = Y.encodeStateVector(new Y.Doc())
const emptyUpdate = Y.encodeStateAsUpdate(new Y.Doc())

export interface LoadClientOptions {
  dialect: Dialect
  /** `ws://host:port` of the server. */
  base: string
  doc: string
  /**
   * This client's own replica, used to answer the server's sync step 1. Load clients put only
   * their own keystrokes in it and never apply what they receive, so it stays tiny.
   */
  replica?: Y.Doc
  /**
   * A whole document as one update, to answer the server's sync step 1 with instead of a replica
   * (the server's state vector is then ignored): lets a client upload a large document without
   * holding it as a Y.Doc.
   */
  seed?: Uint8Array
  /** Send a presence state on open, as a stock provider in an editor tab does. */
  presence?: boolean
  /** Called with the body of every step 2 and update received, and when it arrived. */
  onUpdate?: (update: Uint8Array, at: number) => void
}

/**
 * One simulated browser tab on a raw WebSocket: syncs (step 1 with an empty state vector) and
 * sends updates, without a provider or a full replica, so one load process can hold a thousand.
 */
export class LoadClient {
  /** Resolves with the time (performance.now) the server's sync step 2 arrived. */
  readonly synced: Promise<number>
  /** When `open` was called (performance.now). */
  readonly startedAt = performance.now()
  private markSynced!: (at: number) => void
  private isSynced = false

  private constructor(
    private readonly ws: WebSocket,
    private readonly options: LoadClientOptions,
  ) {
    this.synced = new Promise((resolve) => (this.markSynced = resolve))
    ws.on('message', (data: Buffer) => this.receive(data))
  }

  /** Connects, sends the dialect's hello and sync step 1, and resolves once the socket is open. */
  static open(options: LoadClientOptions): Promise<LoadClient> {
    const ws = new WebSocket(options.dialect.url(options.base, options.doc), { perMessageDeflate: false })
    ws.binaryType = 'nodebuffer'
    const client = new LoadClient(ws, options)
    return new Promise((resolve, reject) => {
      ws.once('error', reject)
      ws.once('open', () => {
        ws.off('error', reject)
        ws.on('error', () => {})
        for (const frame of options.dialect.hello(options.doc)) ws.send(frame)
        ws.send(options.dialect.step1(options.doc, emptyStateVector))
        if (options.presence) ws.send(options.dialect.awareness(options.doc, presenceOf(options.doc)))
        resolve(client)
      })
    })
  }

  /** Whether the socket is open. */
  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  /** Sends one update. */
  send(update: Uint8Array): void {
    if (this.isOpen) this.ws.send(this.options.dialect.update(this.options.doc, update))
  }

  /** Sends a presence (an awareness update of one state) under `clientId`, its `clock`th. */
  sendPresence(clientId: number, clock: number, state: unknown): void {
    if (this.isOpen) this.ws.send(this.options.dialect.awareness(this.options.doc, encodeAwarenessEntries([{ clientId, clock, state: JSON.stringify(state) }])))
  }

  /** Sends an already framed message; `written` is called once `ws` has handed it to the kernel. */
  sendFrame(frame: Uint8Array, written?: (error?: Error) => void): void {
    this.ws.send(frame, written)
  }

  /** Closes the connection and resolves once it is closed. */
  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve()
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve())
      this.ws.close()
      setTimeout(() => {
        this.ws.terminate()
        resolve()
      }, 2000).unref()
    })
  }

  private receive(data: Buffer): void {
    const at = performance.now()
    // Servers send step 1 only on connect, so once synced a client that times nothing has nothing
    // to read: skipping the decode keeps the load process's own cost (and pauses) down.
    if (this.isSynced && !this.options.onUpdate) return
    const message = this.options.dialect.read(data)
    switch (message.kind) {
      case 'step1': {
        const { replica, seed } = this.options
        const reply = seed ?? (replica ? Y.encodeStateAsUpdate(replica, message.stateVector) : emptyUpdate)
        this.ws.send(this.options.dialect.step2(this.options.doc, reply))
        return
      }
      case 'step2':
        this.options.onUpdate?.(message.update, at)
        this.isSynced = true
        this.markSynced(at)
        return
      case 'update':
        this.options.onUpdate?.(message.update, at)
        return
      case 'other':
        return
      default:
        throw new RangeError(`Unknown message ${String(message satisfies never)}`)
    }
  }
}

let nextPresenceId = 1
/** An awareness update with one state, a caret and a name, under a client id of its own. */
function presenceOf(doc: string): Uint8Array {
  const clientId = (process.pid % 1000) * 1_000_000 + nextPresenceId++
  const state = JSON.stringify({ user: { name: `reader ${clientId}`, color: '#30bced' }, cursor: null, doc })
  return encodeAwarenessEntries([{ clientId, clock: 1, state }])
}
