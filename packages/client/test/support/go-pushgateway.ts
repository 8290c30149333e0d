import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type ApiGroup, metricsResponseSchema } from '@pushgate/protocol';
import { freePort } from './free-port.js';

/** The Debian package's binary, the reference implementation. */
export const GO_PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';

export interface GoPushgateway {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every group, from `GET /api/v1/metrics`, validated by the protocol's schema. */
  groups(): Promise<ApiGroup[]>;
  stop(): Promise<void>;
}

async function waitUntilReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${GO_PUSHGATEWAY} exited early:\n${stderr()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${GO_PUSHGATEWAY} not ready after 10 s:\n${stderr()}`);
}

/**
 * Starts the Go pushgateway on a free loopback port, without persistence.
 * Fails (never skips) when the binary is missing: these tests are the
 * differential check against the reference.
 */
export async function startGoPushgateway(): Promise<GoPushgateway> {
  if (!existsSync(GO_PUSHGATEWAY)) {
    throw new Error(`${GO_PUSHGATEWAY} is missing: install the Debian package prometheus-pushgateway`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(GO_PUSHGATEWAY, [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await waitUntilReady(url, child, () => stderr);
  return {
    url,
    async groups() {
      const response = await fetch(`${url}/api/v1/metrics`);
      return metricsResponseSchema.parse(await response.json()).data;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
