/**
 * Node flags that make a process of the benchmarks (a cluster node, a load process) write a CPU
 * profile when it exits, into the directory named by `BENCH_CPU_PROF`; none when it is unset.
 * Node refuses `--cpu-prof` in `NODE_OPTIONS`, hence a variable of our own. Our relay in the other
 * scenarios takes `--node-arg=--cpu-prof --node-arg=--cpu-prof-dir=DIR` instead.
 */
export function cpuProfileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []
}
