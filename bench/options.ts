import { parseArgs } from 'node:util'
import { type ServerKind, defaultServerKinds, serverKinds } from './load/dialect.ts'
import { defaultTracePath } from './trace.ts'

/** The benchmark scenarios, plus the room-size sweep behind the chart. */
export const scenarioNames = ['hot-room', 'many-rooms', 'big-doc', 'idle', 'storage', 'durability', 'bulk', 'flood', 'sweep', 'cluster', 'join-storm', 'visits'] as const
export type ScenarioName = (typeof scenarioNames)[number]

/** Parts of the cluster scenario, each measured for every server (see BENCHMARKS.md). */
export const clusterPhaseNames = ['hot-room', 'many-rooms', 'sigkill', 'pinned-kill'] as const
export type ClusterPhase = (typeof clusterPhaseNames)[number]

/** The scenarios the floor server can take part in: those of people typing (in the cluster, its typing phases). */
const typingScenarios: readonly string[] = ['hot-room', 'many-rooms', 'flood', 'sweep', 'cluster']

/** What `npm run bench -- …` was asked to do. */
export interface BenchOptions {
  scenarios: ScenarioName[]
  servers: ServerKind[]
  runs: number
  /** Measured seconds of typing per run (hot room, many rooms, sweep; each of the flood's three windows). */
  seconds: number
  warmupSeconds: number
  drainSeconds: number
  /** Runs of the storage scenario (its byte counts barely vary; a full replay takes minutes). */
  storageRuns: number
  /** Keystrokes of the trace the storage scenario replays (0: all 259,778). */
  keystrokes: number
  traceFile: string
  sizes: number[]
  /** Rooms of the many-rooms load the flood runs beside (default 200, as in many rooms). */
  floodRooms: number
  /** Where results, the summary and the seed document go. */
  outDir: string
  /** Where the sweep's SVG chart is written. */
  chartFile: string
  /** Run our relay from this directory's `server/` instead (a prototype in a scratch copy). */
  oursRoot?: string
  oursArgs: string[]
  /** Extra Node flags for every server process (e.g. `--cpu-prof`). */
  serverNodeArgs: string[]
  /** Whether the typing clients apply every update they receive to a replica, as editors do. */
  decodingClients: boolean
  /** Whether the typing clients send a caret update with every keystroke, as editors do. */
  carets: boolean
  /** Whether a join storm's crowd is served by the floor, apart from the typists' server. */
  crowdOnFloor: boolean
  /** Load processes the typing scenarios spread their rooms over. */
  loadProcesses: number
  /** Documents visited by the visits scenario. */
  visits: number
  /** Phases of the cluster scenario to run. */
  clusterPhases: ClusterPhase[]
}

export const usage = `Usage: npm run bench -- [options]

  --scenario LIST     comma-separated: ${scenarioNames.join(', ')}, or all (default: all but sweep and cluster;
                      cluster starts its own Postgres and Redis, see BENCHMARKS.md)
  --servers LIST      comma-separated: ${serverKinds.join(', ')} (default: ${defaultServerKinds.join(', ')}; floor forwards bytes and nothing else, for the typing scenarios;
                      in the cluster's hot room and many rooms it commits them to Postgres first)
  --runs N            alternating runs per scenario and server (default 3)
  --seconds S         measured seconds of typing per run, and per window of the flood (default 10)
  --warmup S          seconds of typing before measuring (default 2)
  --drain S           seconds to wait for late keystrokes after typing stops (default 3)
  --storage-runs N    runs of the storage scenario (default 1)
  --keystrokes N      trace edits replayed by the storage scenario, 0 for all (default 0)
  --trace PATH        automerge-paper.json.gz (default ../shared/traces/automerge-paper.json.gz)
  --sizes LIST        room sizes of the sweep (default 10,50,100,200,400)
  --flood-rooms N     rooms of 5 people typing beside the flood (default 200, the many-rooms load)
  --out DIR           results directory (default .bench)
  --chart FILE        SVG chart of the sweep (default bench/charts/p99-vs-room-size.svg)
  --ours-root DIR     run our relay from DIR/server (a scratch copy with a prototype change)
  --ours-arg ARG      extra argument for our relay, repeatable (e.g. --ours-arg=--sync --ours-arg=full)
  --node-arg ARG      extra Node flag for every server process, repeatable (e.g. --node-arg=--cpu-prof)
  --decoding-clients  typing clients apply every update they receive to a replica that also holds
                      their own keystrokes, as an editor does (default: they only time it, and once
                      synced the others skip it)
  --carets            typing clients send a caret update with every keystroke, as an editor does
                      (default: keystrokes only)
  --crowd-on-floor    join-storm: the crowd is served by the floor server in a process of its own (the
                      document uploaded to it too), so the typists' server does nothing for the
                      storm: what the storm costs the typists through the host alone, a bound below
                      every server
  --load-processes N spread the typing scenarios' rooms over N load processes (default 1); with
                      decoding clients, one process of many rooms takes a core and its own backlog
                      then makes most of every server's tail
  --visits N          documents the visits scenario opens, one short visit each (default 10000)
  --cluster-phases L  phases of the cluster scenario: ${clusterPhaseNames.join(', ')} (default: all)
  --help              this text
`

/** Parses `argv`; throws a RangeError naming the bad value. */
export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string', default: 'all' },
      servers: { type: 'string', default: defaultServerKinds.join(',') },
      runs: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      drain: { type: 'string', default: '3' },
      'storage-runs': { type: 'string', default: '1' },
      keystrokes: { type: 'string', default: '0' },
      trace: { type: 'string', default: defaultTracePath },
      sizes: { type: 'string', default: '10,50,100,200,400' },
      'flood-rooms': { type: 'string', default: '200' },
      out: { type: 'string', default: '.bench' },
      chart: { type: 'string', default: 'bench/charts/p99-vs-room-size.svg' },
      'ours-root': { type: 'string' },
      'ours-arg': { type: 'string', multiple: true, default: [] },
      'node-arg': { type: 'string', multiple: true, default: [] },
      'decoding-clients': { type: 'boolean', default: false },
      carets: { type: 'boolean', default: false },
      'crowd-on-floor': { type: 'boolean', default: false },
      'load-processes': { type: 'string', default: '1' },
      visits: { type: 'string', default: '10000' },
      'cluster-phases': { type: 'string', default: clusterPhaseNames.join(',') },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) return 'help'
  const scenarios = values.scenario === 'all' ? scenarioNames.filter((name) => name !== 'sweep' && name !== 'cluster') : list(values.scenario, 'scenario')
  for (const name of scenarios) {
    if (!(scenarioNames as readonly string[]).includes(name)) throw new RangeError(`Unknown scenario "${name}"; pick from ${scenarioNames.join(', ')}`)
  }
  const servers = list(values.servers, 'servers')
  for (const name of servers) {
    if (!(serverKinds as readonly string[]).includes(name)) throw new RangeError(`Unknown server "${name}"; pick from ${serverKinds.join(', ')}`)
  }
  const clusterPhases = list(values['cluster-phases'], 'cluster-phases')
  for (const name of clusterPhases) {
    if (!(clusterPhaseNames as readonly string[]).includes(name)) throw new RangeError(`Unknown cluster phase "${name}"; pick from ${clusterPhaseNames.join(', ')}`)
  }
  const untyped = scenarios.filter((name) => !typingScenarios.includes(name))
  if (servers.includes('floor') && untyped.length > 0) {
    throw new RangeError(`The floor server forwards bytes and stores nothing; it has no figures for ${untyped.join(', ')}`)
  }
  return {
    scenarios: scenarios as ScenarioName[],
    servers: servers as ServerKind[],
    runs: count(values.runs, 'runs', 1),
    seconds: count(values.seconds, 'seconds', 1),
    warmupSeconds: count(values.warmup, 'warmup', 0),
    drainSeconds: count(values.drain, 'drain', 0),
    storageRuns: count(values['storage-runs'], 'storage-runs', 1),
    keystrokes: count(values.keystrokes, 'keystrokes', 0),
    traceFile: values.trace,
    sizes: list(values.sizes, 'sizes').map((size) => count(size, 'sizes', 2)),
    floodRooms: count(values['flood-rooms'], 'flood-rooms', 1),
    outDir: values.out,
    chartFile: values.chart,
    oursRoot: values['ours-root'],
    oursArgs: values['ours-arg'],
    serverNodeArgs: values['node-arg'],
    decodingClients: values['decoding-clients'],
    carets: values.carets,
    crowdOnFloor: values['crowd-on-floor'],
    loadProcesses: count(values['load-processes'], 'load-processes', 1),
    visits: count(values.visits, 'visits', 1),
    clusterPhases: clusterPhases as ClusterPhase[],
  }
}

function list(value: string, name: string): string[] {
  const items = value.split(',').map((item) => item.trim()).filter(Boolean)
  if (items.length === 0) throw new RangeError(`--${name} needs at least one value`)
  return items
}

function count(value: string, name: string, min: number): number {
  const number = Number(value)
  if (!Number.isInteger(number) || number < min) throw new RangeError(`--${name} must be a whole number of at least ${min}, got "${value}"`)
  return number
}
