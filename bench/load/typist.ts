import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { LatencyRecorder } from './latencyRecorder.ts'
import type { LoadClient } from './loadClient.ts'

const alphabet = 'abcdefghijklmnopqrstuvwxyz '

/**
 * A person typing: appends one character at a time to its own replica and sends each keystroke as
 * its own update, noting when it left. Only its own characters are in its replica, so every insert
 * is an append after its previous character, as when one types a sentence. With carets, each
 * keystroke is followed by an awareness update moving the typist's caret behind it.
 */
export class Typist {
  /** This typist's replica; hand it to its {@link LoadClient} so it can answer sync step 1. */
  readonly replica = new Y.Doc()
  private readonly text = this.replica.getText('text')
  private client: LoadClient | null = null
  private clock = 0

  /**
   * @param recorder where sent keystrokes are noted (a {@link LatencyRecorder}, or several behind one `noteSent`)
   * @param recipients how many observers other than this typist receive each keystroke
   */
  constructor(
    private readonly recorder: Pick<LatencyRecorder, 'noteSent'>,
    private readonly recipients: number,
    /** Send a caret update behind every keystroke, as an editor tab's provider does. */
    private readonly carets = false,
  ) {
    this.replica.on('update', (update: Uint8Array) => {
      this.recorder.noteSent(this.replica.clientID, this.clock++, performance.now(), this.recipients)
      this.client?.send(update)
      if (this.carets) this.client?.sendPresence(this.replica.clientID, this.clock, { user: { name: `typist ${this.replica.clientID}` }, cursor: { anchor: this.clock, head: this.clock } })
    })
  }

  /** The Yjs client id this typist's keystrokes carry. */
  get clientId(): number {
    return this.replica.clientID
  }

  /** Keystrokes typed so far (= the next clock). */
  get typed(): number {
    return this.clock
  }

  /** Connects the typist to the client that sends its keystrokes. */
  attach(client: LoadClient): void {
    this.client = client
  }

  /** Types one character. */
  type(): void {
    this.text.insert(this.text.length, alphabet[this.clock % alphabet.length])
  }
}
