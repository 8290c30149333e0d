/**
 * Sends the same requests to the Go pushgateway and to ours and reduces the
 * answers to what must be equal: status, the headers clients look at, and
 * the body (error texts, redirects); then the pushed part of /metrics with
 * push times masked, and the JSON API with times masked.
 */

import { expect } from 'vitest';
import { pushedLines } from './exposition-lines.js';
import { startGoPushgateway } from './go-pushgateway.js';
import { type RawRequest, type RawResponse, send } from './raw-http.js';
import { startTestGateway } from './test-gateway.js';

/** The comparable part of an answer. */
export interface Observed {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

const COMPARED_HEADERS = [
  'allow',
  'content-encoding',
  'content-type',
  'location',
  'x-content-type-options',
] as const;

export function observe(response: RawResponse): Observed {
  const headers: Record<string, string | undefined> = {};
  for (const name of COMPARED_HEADERS) {
    const value = response.headers[name];
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.status, headers, body: response.text };
}

/** The two gateways, started with the same flags. */
export interface GatewayPair {
  /** Sends `request` to both; resolves with [Go, ours]. */
  both(request: RawRequest): Promise<[Observed, Observed]>;
  /** The pushed part of both expositions, push times masked. */
  scrapes(): Promise<[string[], string[]]>;
  /** Both `/api/v1/metrics` answers, times masked and groups sorted. */
  apiMetrics(): Promise<[unknown, unknown]>;
  readonly go: string;
  readonly ours: string;
  close(): Promise<void>;
}

/**
 * Starts both gateways with `args`. `routePrefix` must repeat the prefix the
 * flags set, so that scrapes and API dumps find their paths.
 */
export async function startPair(args: readonly string[] = [], routePrefix = ''): Promise<GatewayPair> {
  const go = await startGoPushgateway(args);
  const ours = await startTestGateway(args).catch(async (error: unknown) => {
    await go.close();
    throw error;
  });
  const both = async (request: RawRequest): Promise<[Observed, Observed]> => {
    const fromGo = await send(go.base, request);
    const fromOurs = await send(ours.base, request);
    // Go answers 202 before applying the change: give its writer a moment.
    if (fromGo.status === 202) await new Promise((resolve) => setTimeout(resolve, 50));
    return [observe(fromGo), observe(fromOurs)];
  };
  return {
    both,
    go: go.base,
    ours: ours.base,
    scrapes: async () => {
      const [a, b] = await both({ path: `${routePrefix}/metrics` });
      return [pushedLines(a.body), pushedLines(b.body)];
    },
    apiMetrics: async () => {
      const [a, b] = await both({ path: `${routePrefix}/api/v1/metrics` });
      return [maskApi(a.body), maskApi(b.body)];
    },
    close: async () => {
      await Promise.all([go.close(), ours.close()]);
    },
  };
}

/** The API document with every time masked and groups in a stable order. */
function maskApi(body: string): unknown {
  const document = JSON.parse(body) as { status: string; data: Record<string, unknown>[] };
  const masked = document.data.map((group) => {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(group)) {
      if (typeof value === 'object' && value !== null && 'time_stamp' in value) {
        const family: Record<string, unknown> = {
          ...(value as Record<string, unknown>),
          time_stamp: '<time>',
        };
        if (key.startsWith('push_') && Array.isArray(family.metrics)) {
          family.metrics = (family.metrics as { value?: string }[]).map((metric) =>
            metric.value === '0' ? metric : { ...metric, value: '<time>' },
          );
        }
        copy[key] = family;
      } else {
        copy[key] = value;
      }
    }
    return copy;
  });
  masked.sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
  return { status: document.status, data: masked };
}

/**
 * Sends each request to both gateways in turn and expects equal answers,
 * then equal scrapes and equal API dumps. Returns our answers.
 */
export async function expectSameBehaviour(
  pair: GatewayPair,
  requests: readonly DifferentialRequest[],
): Promise<Observed[]> {
  const ours: Observed[] = [];
  for (const request of requests) {
    const [fromGo, fromOurs] = await pair.both(request);
    const name = describeRequest(request);
    if (request.sameBody === false) {
      expect({ name, status: fromOurs.status, body: firstWords(fromOurs.body) }).toEqual({
        name,
        status: fromGo.status,
        body: firstWords(fromGo.body),
      });
    } else {
      expect({ name, ...fromOurs }).toEqual({ name, ...fromGo });
    }
    ours.push(fromOurs);
  }
  const [goScrape, ourScrape] = await pair.scrapes();
  expect(ourScrape).toEqual(goScrape);
  const [goApi, ourApi] = await pair.apiMetrics();
  expect(ourApi).toEqual(goApi);
  return ours;
}

/**
 * A request of a differential scenario. `sameBody: false` compares only the
 * status and the start of the body, for answers whose detail is random in Go
 * (messages that depend on its map iteration order).
 */
export type DifferentialRequest = RawRequest & { readonly sameBody?: false };

/** The body up to its first colon: the kind of error without its random detail. */
function firstWords(body: string): string {
  return body.split(':')[0] ?? '';
}

function describeRequest(request: RawRequest): string {
  return `${request.method ?? 'GET'} ${request.path}`;
}
