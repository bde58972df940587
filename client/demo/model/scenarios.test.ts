import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyEditToText } from './applyToText.ts'
import { replicaNames, type ReplicaName } from './cast.ts'
import { editSurvives } from './edits.ts'
import { scenarios, startingText } from './scenarios.ts'
import { editsOf, type Scenario } from './script.ts'

/**
 * Plays `scenario` on three Y.Docs joined by an in-memory relay: after every step, the online
 * replicas exchange what they miss, as they would through the real relay. Returns their texts.
 */
function playOnDocs(scenario: Scenario): Record<ReplicaName, string> {
  const seed = new Y.Doc()
  seed.getText('codemirror').insert(0, scenario.start)
  const docs = Object.fromEntries(replicaNames.map((name) => [name, new Y.Doc()])) as Record<ReplicaName, Y.Doc>
  const online = new Set<ReplicaName>(replicaNames)
  for (const doc of Object.values(docs)) Y.applyUpdate(doc, Y.encodeStateAsUpdate(seed))
  const relay = new Y.Doc()
  const exchange = () => {
    for (const name of online) Y.applyUpdate(relay, Y.encodeStateAsUpdate(docs[name], Y.encodeStateVector(relay)))
    for (const name of online) Y.applyUpdate(docs[name], Y.encodeStateAsUpdate(relay, Y.encodeStateVector(docs[name])))
  }
  for (const step of scenario.steps) {
    if (step.kind === 'offline') for (const name of step.who) online.delete(name)
    if (step.kind === 'online') for (const name of step.who) online.add(name)
    if (step.kind === 'edit') for (const edit of step.edits) applyEditToText(docs[step.who].getText('codemirror'), edit)
    exchange()
  }
  return Object.fromEntries(replicaNames.map((name) => [name, docs[name].getText('codemirror').toString()])) as Record<ReplicaName, string>
}

describe('scenarios', () => {
  it.each(scenarios.map((s) => [s.id, s] as const))('%s converges on the CRDT with every edit kept', (_, scenario) => {
    const texts = playOnDocs(scenario)
    expect(texts.Bob).toBe(texts.Alice)
    expect(texts.Carol).toBe(texts.Alice)
    const edits = editsOf(scenario)
    for (const { who, edit } of edits) expect(editSurvives(edit, texts.Alice, edits), `${who}: ${JSON.stringify(edit)}`).toBe(true)
  })

  it('insert only text that the starting text lacks, so that a kept edit can be told from none', () => {
    for (const scenario of scenarios) {
      for (const { edit } of editsOf(scenario)) {
        if (edit.kind === 'insert') expect(startingText).not.toContain(edit.text)
        if (edit.kind === 'replace') expect(startingText).not.toContain(edit.with)
      }
    }
  })

  it('have unique ids and end with everyone online', () => {
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length)
    for (const scenario of scenarios) {
      const offline = new Set<string>()
      for (const step of scenario.steps) {
        if (step.kind === 'offline') step.who.forEach((n) => offline.add(n))
        if (step.kind === 'online') step.who.forEach((n) => offline.delete(n))
      }
      expect([...offline], scenario.id).toEqual([])
    }
  })
})
