/** The body every benchmark push sends: one gauge family of `series` series. */
export function pushBody(series: number): string {
  const lines = ['# HELP bench_value A benchmark gauge.', '# TYPE bench_value gauge'];
  for (let i = 0; i < series; i++) lines.push(`bench_value{series="s${i}"} ${i + 0.5}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Fills a gateway with `groups` groups (`/metrics/job/bench/instance/i<n>`),
 * `concurrency` requests at a time, and fails on any non-2xx answer.
 * `headers` adds headers to each push, asked for when it is sent.
 */
export async function preload(
  url: string,
  groups: number,
  body: string,
  concurrency = 32,
  headers: () => Record<string, string> = () => ({}),
): Promise<void> {
  let next = 0;
  async function worker(): Promise<void> {
    while (next < groups) {
      const n = next++;
      const response = await fetch(`${url}/metrics/job/bench/instance/i${n}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'text/plain; version=0.0.4', ...headers() },
        body,
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`preload push ${n} to ${url}: ${response.status}`);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
}
