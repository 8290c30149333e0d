/** Throughput of one operation: runs it repeatedly for about `ms` and reports the median round. */
export function throughput(
  run: () => unknown,
  bytes: number,
  ms = 2000,
): { mbPerSecond: number; msPerOp: number } {
  // Warm up so that the JIT has compiled the hot paths before we time them.
  const warmupEnd = performance.now() + ms / 4;
  while (performance.now() < warmupEnd) run();
  const rounds: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end || rounds.length < 5) {
    const start = performance.now();
    run();
    rounds.push(performance.now() - start);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(rounds.length / 2)]!;
  return { mbPerSecond: bytes / 2 ** 20 / (median / 1000), msPerOp: median };
}
