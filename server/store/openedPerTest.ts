import { afterEach, beforeEach } from 'vitest'

/** What a contract suite is given to reach one kind of store: it opens instances over a test's database. */
export interface Openable<Instance> {
  open(): Promise<Instance>
  /** Closes what `open` opened beyond the instances themselves (a connection pool), if anything. */
  cleanup?(): Promise<void>
}

/** What `open` of an {@link Openable} gives. */
type OpenedBy<UnderTest> = UnderTest extends Openable<infer Instance> ? Instance : never

/** A contract suite's view of the store under test, fresh for each test; see {@link openedPerTest}. */
export interface PerTest<UnderTest, Instance> {
  /** What `setup` prepared for the current test. */
  readonly underTest: UnderTest
  /** Opens another instance over the current test's database; every one is closed after the test. */
  open(): Promise<Instance>
}

/**
 * Registers, in the calling `describe`, hooks that call `setup` before each test (a fresh
 * database) and after it close every instance the test opened, then the setup's `cleanup`.
 * `admit` checks or narrows each instance as it is opened (a suite for stores with history
 * refuses one without).
 */
export function openedPerTest<UnderTest extends Openable<{ close(): unknown }>, Instance = OpenedBy<UnderTest>>(
  setup: () => Promise<UnderTest>,
  admit: (opened: OpenedBy<UnderTest>) => Instance = (opened) => opened as Instance,
): PerTest<UnderTest, Instance> {
  let current: UnderTest | null = null
  let opened: OpenedBy<UnderTest>[] = []
  beforeEach(async () => {
    current = await setup()
  })
  afterEach(async () => {
    await Promise.all(opened.map((each) => each.close()))
    opened = []
    await current?.cleanup?.()
  })
  const underTest = () => {
    if (!current) throw new Error('no test is running')
    return current
  }
  return {
    get underTest() {
      return underTest()
    },
    async open() {
      const instance = (await underTest().open()) as OpenedBy<UnderTest>
      opened.push(instance)
      return admit(instance)
    },
  }
}
