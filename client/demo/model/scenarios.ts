import type { Scenario } from './script.ts'

/** The document every scenario starts from: a plan three friends share. */
export const startingText = `# Saturday picnic

We meet at the north gate at noon.
Bring a blanket and something to share.
If it rains, we move to Carol's porch.`

const sameSpot: Scenario = {
  id: 'same-spot',
  title: 'Same spot, same moment',
  summary: 'Three people type at the very same position.',
  start: startingText,
  steps: [
    {
      kind: 'offline',
      who: ['Alice', 'Bob'],
      caption: 'Alice and Bob lose their connection. Each still holds the whole document and keeps working: every replica is a leader.',
    },
    {
      kind: 'edit',
      who: 'Alice',
      edits: [{ kind: 'insert', text: ', like lemonade', at: { after: 'something to share' } }],
      caption: 'Alice adds to the list right after “something to share”. Her replica accepts the edit at once; nobody else has it yet.',
    },
    {
      kind: 'edit',
      who: 'Bob',
      edits: [{ kind: 'insert', text: ' (no nuts, please)', at: { after: 'something to share' } }],
      caption: 'At the very same spot, Bob adds a note. Neither of them knows about the other’s edit.',
    },
    {
      kind: 'edit',
      who: 'Carol',
      edits: [{ kind: 'insert', text: ' and a smile', at: { after: 'something to share' } }],
      caption: 'Carol, still online, types at the same spot too. The relay stores her edit and passes it on to whoever is connected: nobody, right now.',
    },
    {
      kind: 'online',
      who: ['Alice', 'Bob'],
      caption: 'Alice and Bob reconnect. Each replica sends only what the others lack, and all three inserts land side by side, in the same order everywhere.',
    },
  ],
  ending:
    'All three inserts went after the same character (see “after start …” under Internals). Yjs breaks such ties by writer id, the same way on every replica, so all three copies agree and none was dropped.',
}

const deleteVsEdit: Scenario = {
  id: 'delete-vs-edit',
  title: 'Delete vs. edit',
  summary: 'One deletes a sentence while another edits inside it.',
  start: startingText,
  steps: [
    {
      kind: 'offline',
      who: ['Alice'],
      caption: 'Alice goes offline. Her replica keeps accepting edits.',
    },
    {
      kind: 'edit',
      who: 'Alice',
      edits: [{ kind: 'delete', text: "If it rains, we move to Carol's porch." }],
      caption: 'Alice deletes the whole rain-plan sentence.',
    },
    {
      kind: 'edit',
      who: 'Bob',
      edits: [{ kind: 'insert', text: 'covered ', at: { before: 'porch' } }],
      caption: 'Meanwhile Bob, online, edits inside that very sentence: “Carol’s covered porch”. Carol gets his edit at once; Alice cannot.',
    },
    {
      kind: 'online',
      who: ['Alice'],
      caption: 'Alice reconnects. Her delete removes exactly the characters she had seen. Bob’s new word was not one of them, so it stays.',
    },
  ],
  ending: 'Both intents are kept: the sentence is gone and Bob’s word survives, in plain sight for someone to tidy up. Nothing vanished silently.',
}

const longOffline: Scenario = {
  id: 'long-offline',
  title: 'A long offline stretch',
  summary: 'Carol edits for a whole flight, the others keep going.',
  start: startingText,
  steps: [
    {
      kind: 'offline',
      who: ['Carol'],
      caption: 'Carol boards a plane. Her replica will accept edits for as long as the flight lasts.',
    },
    {
      kind: 'edit',
      who: 'Carol',
      edits: [
        { kind: 'insert', text: '\n\nWho brings what:', at: 'end' },
        { kind: 'insert', text: '\n- Carol: sandwiches', at: 'end' },
        { kind: 'insert', text: '\n- Carol: a frisbee', at: 'end' },
        { kind: 'insert', text: '\n- Carol: sun cream', at: 'end' },
        { kind: 'replace', text: 'noon', with: '12:30' },
        { kind: 'insert', text: ' (rain or shine)', at: { after: '# Saturday picnic' } },
        { kind: 'delete', text: "\nIf it rains, we move to Carol's porch." },
        { kind: 'insert', text: ' Look for the yellow kite.', at: { after: 'at 12:30.' } },
      ],
      caption: 'Carol writes a packing list, moves the time and drops the rain plan, edit after edit, each accepted locally.',
    },
    {
      kind: 'edit',
      who: 'Alice',
      edits: [{ kind: 'insert', text: '\n- Alice: lemonade', at: 'end' }],
      caption: 'Alice and Bob are online. Replication is asynchronous: their edits reach each other within moments, but not Carol in the air.',
    },
    {
      kind: 'edit',
      who: 'Bob',
      edits: [{ kind: 'insert', text: 'big ', at: { before: 'blanket' } }],
      caption: 'Bob asks for a bigger blanket.',
    },
    {
      kind: 'online',
      who: ['Carol'],
      caption: 'Carol lands and reconnects. One exchange sends all her edits out and brings Alice’s and Bob’s in.',
    },
  ],
  ending: 'A whole flight of offline work merged in one sync, and nothing the others did meanwhile was lost.',
}

const threeWay: Scenario = {
  id: 'three-way',
  title: 'Three-way split, then heal',
  summary: 'Nobody can reach anybody; everyone edits.',
  start: startingText,
  steps: [
    {
      kind: 'offline',
      who: ['Alice', 'Bob', 'Carol'],
      caption: 'The network splits three ways: no replica can reach another, nor the relay. There is no lock to take, so each simply keeps working.',
    },
    {
      kind: 'edit',
      who: 'Alice',
      edits: [{ kind: 'replace', text: 'noon', with: '1 pm' }],
      caption: 'Alice moves the picnic to 1 pm.',
    },
    {
      kind: 'edit',
      who: 'Bob',
      edits: [{ kind: 'insert', text: ' Parking is free.', at: { after: 'at noon.' } }],
      caption: 'Bob, who still sees “noon”, adds a line about parking right after it.',
    },
    {
      kind: 'edit',
      who: 'Carol',
      edits: [
        { kind: 'delete', text: ' and something to share' },
        { kind: 'insert', text: '\nCarol brings dessert.', at: { after: 'Bring a blanket.' } },
      ],
      caption: 'Carol shortens the list and says she will bring dessert.',
    },
    {
      kind: 'online',
      who: ['Alice', 'Bob', 'Carol'],
      caption: 'The network heals. The replicas reconnect one after another, each exchanging what it missed, until all three hold the same text.',
    },
  ],
  ending: 'Edits from three sides of a partition, all kept, and all three replicas identical.',
}

/** The one-click scenarios, in the order of their buttons. */
export const scenarios: readonly Scenario[] = [sameSpot, deleteVsEdit, longOffline, threeWay]
