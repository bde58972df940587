/**
 * Node flags the relay process runs with, wherever it is started (`npm start`, `npm run dev`, the
 * tests' relay processes, the benchmarks).
 *
 * `--max-semi-space-size=64` lets V8's young generation grow to 64 MiB a half: a busy relay
 * allocates about 25 KB per relayed keystroke, nearly all of it dead within the turn, and with the
 * default 16 MiB it paused for a scavenge about ten times a second. Four times fewer pauses, each
 * no longer (what survives a scavenge does not grow with the space), cut the relay's p99 keystroke
 * latency in the many-rooms benchmark from 12–24 ms to 8–16 ms for about 15 MiB more RSS under
 * load; an idle relay never grows the space.
 *
 * `--expose-gc` lets the relay run one full collection when it turns quiet after a busy spell
 * (see `idleCollector.ts`): V8 shrinks a grown young generation only in a collection made while
 * allocation is slow, which an idle process never makes by itself, so without it RSS stayed up to
 * 100 MiB above where it started after a storm of short visits.
 *
 * `package.json`'s `start` script spells these out too (npm scripts cannot import), and a test
 * keeps the two the same.
 */
export const relayNodeFlags: readonly string[] = ['--max-semi-space-size=64', '--expose-gc']

/**
 * The script every relay process starts through, relative to the project root: it preloads
 * jemalloc where installed, then becomes the command it is given (see the script for why).
 */
export const relayLauncher = 'server/withJemalloc.sh'

/**
 * The command and arguments that run Node with `nodeArgs` (flags, then the script and its
 * arguments) through {@link relayLauncher}; spawn it with the project root as working directory.
 * The spawned process id is the relay's own.
 */
export function relayCommand(nodeArgs: readonly string[]): [command: string, args: string[]] {
  return ['sh', [relayLauncher, process.execPath, ...nodeArgs]]
}
