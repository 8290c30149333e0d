/**
 * A gateway for one documentation example: Pushgate in-process on a free
 * port behind a recording proxy, so the example's requests and their
 * statuses can be checked, and its pushed samples read back.
 */
import { userSamples } from '../../support/exposition-lines.js';
import { client } from '../../support/raw-http.js';
import { startTestGateway } from '../../support/test-gateway.js';
import { type Exchange, startRecordingProxy } from './recording-proxy.js';

export interface GatewayUnderTest {
  /** `127.0.0.1:port` of the proxy: what replaces `localhost:9091` in the example. */
  readonly host: string;
  /** Requests the example sent, as `METHOD path status`. */
  requests(): string[];
  readonly exchanges: readonly Exchange[];
  /** The pushed samples of /metrics, without the push_* gauges. */
  samples(): Promise<string[]>;
  /** The gateway's answer to `GET path`, bypassing the proxy. */
  get(path: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts Pushgate with `flags` behind a recording proxy. */
export async function startGatewayUnderTest(flags: readonly string[] = []): Promise<GatewayUnderTest> {
  const gateway = await startTestGateway(flags);
  const proxy = await startRecordingProxy(gateway.base);
  const direct = client(gateway.base);
  return {
    host: proxy.host,
    exchanges: proxy.exchanges,
    requests: () => proxy.exchanges.map(({ method, path, status }) => `${method} ${path} ${status}`),
    samples: async () => userSamples((await direct.get('/metrics')).text),
    get: async (path) => (await direct.get(path)).text,
    close: async () => {
      await proxy.close();
      await gateway.close();
    },
  };
}
