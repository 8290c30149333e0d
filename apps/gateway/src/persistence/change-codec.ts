import { decodeDelimited, encodeDelimited, type MetricFamily } from '@pushgate/protocol';
import type { AppliedChange } from '../storage/journal.js';
import type { GroupingLabels } from '../storage/store.js';

/**
 * A journal record's payload: one applied change, as a small JSON header
 * (what kind of change, to which group, when) followed by the families it
 * wrote in delimited protobuf, which keeps every field of the model exactly.
 *
 *   u32 BE header length | header (UTF-8 JSON) | delimited MetricFamily messages
 */

interface ChangeHeader {
  /** `w` write (push or delete), `f` refused push, `x` wipe. */
  k: 'w' | 'f' | 'x';
  l?: GroupingLabels;
  t?: number;
  /** PUT (replace) rather than POST. */
  r?: boolean;
  /** A delete: no families follow. */
  d?: boolean;
  ttl?: number;
}

export function encodeChange(change: AppliedChange): Uint8Array {
  let header: ChangeHeader;
  let families: readonly MetricFamily[] = [];
  switch (change.kind) {
    case 'wipe':
      header = { k: 'x' };
      break;
    case 'failure':
      header = { k: 'f', l: change.labels, t: change.timestampMs };
      break;
    case 'write': {
      const { labels, timestampMs, replace, ttlMs } = change.request;
      header = { k: 'w', l: labels, t: timestampMs, r: replace };
      if (ttlMs !== undefined) header.ttl = ttlMs;
      if (change.request.families === undefined) header.d = true;
      else families = change.request.families;
    }
  }
  return withHeader(header, families);
}

export function decodeChange(payload: Uint8Array): AppliedChange {
  const { header, families } = splitHeader<ChangeHeader>(payload);
  switch (header.k) {
    case 'x':
      return { kind: 'wipe' };
    case 'f':
      return { kind: 'failure', labels: header.l ?? {}, timestampMs: header.t ?? 0 };
    case 'w': {
      const request = {
        labels: header.l ?? {},
        timestampMs: header.t ?? 0,
        families: header.d ? undefined : families,
        replace: header.r ?? false,
      };
      return {
        kind: 'write',
        request: header.ttl === undefined ? request : { ...request, ttlMs: header.ttl },
      };
    }
  }
}

/** A JSON header followed by delimited protobuf families; shared with the snapshot format. */
export function withHeader(header: unknown, families: readonly MetricFamily[]): Uint8Array {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const protobuf = encodeDelimited(families);
  const out = Buffer.allocUnsafe(4 + json.length + protobuf.length);
  out.writeUInt32BE(json.length, 0);
  json.copy(out, 4);
  out.set(protobuf, 4 + json.length);
  return out;
}

export function splitHeader<T>(payload: Uint8Array): { header: T; families: MetricFamily[] } {
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const length = bytes.readUInt32BE(0);
  const header = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as T;
  return { header, families: decodeDelimited(bytes.subarray(4 + length)) };
}
