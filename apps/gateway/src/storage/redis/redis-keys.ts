import { hash } from 'node:crypto';
import { groupingKeyId, type LabelPair } from '@pushgate/protocol';
import type { GroupingLabels } from '../store.js';

/**
 * How the store names things in Redis. Every key starts with the
 * `--redis.key-prefix`, so that several gateway clusters can share one Redis;
 * the Lua scripts derive the keys below from the prefix and a group's key.
 *
 * Global keys (`<prefix><name>`):
 * - `gen`: the generation, incremented by every change;
 * - `epoch`: a random id of this Redis's data set, so that a replica notices
 *   when Redis lost its data (restart without persistence, FLUSHALL);
 * - `log`: the change feed, a stream with entry id `<gen>-0` per change;
 * - `logsizes`, `logbytes`: the sizes of the entries in `log`, for trimming
 *   it by bytes as well as by count;
 * - `groups`: sorted set of group keys, scored by the generation that
 *   created the group;
 * - `sids`: hash, series id of a group's `push_*` gauges → group key (two
 *   groups whose gauges would be the same series cannot both exist);
 * - `types`: hash, `<type number><family name>` → how many groups hold a
 *   non-empty family of that name and type;
 * - `series`: hash, series digest → key of the group holding that series.
 *
 * Per group (`<prefix><letter>:<group key>`):
 * - `m:`: hash of `labels` (JSON), `sid`, `pt`/`ptTs` (push time gauge value
 *   and write time, milliseconds), `ft`/`ftTs` (failure time gauge), `ttl`;
 * - `f:`: hash, family name → the family as one delimited protobuf message;
 * - `t:`: hash, family name → `<type number or - when empty>|<since>|<ts>`,
 *   where `since` is the generation from which the group has held the name
 *   without interruption (its place among the holders, which decides the
 *   merged HELP), and `ts` the time the family was written;
 * - `s:`: hash, family name → the 16-byte digests of its series, concatenated.
 */

/** The key Redis knows a group by: a digest of its grouping key, so that keys stay short. */
export function groupKeyOf(labels: GroupingLabels): string {
  return digest(groupingKeyId(labels)).toString('base64url');
}

/** The key of a group's `push_*` series id (`GroupIdentity.seriesId`). */
export function seriesIdKeyOf(seriesId: string): string {
  return digest(seriesId).toString('base64url');
}

/** Bytes of a series digest in the `series` hash and the `s:` hashes. */
export const SERIES_DIGEST_BYTES = 16;

/**
 * The digest of a series: its family name and label pairs (sorted by name,
 * as the store keeps them), each length-prefixed so that no two distinct
 * series feed the hash the same bytes. 128 bits of SHA-256, so that the
 * series index in Redis costs a fixed 16 bytes per series whatever its
 * labels, with no realistic chance of two series sharing one.
 */
export function seriesDigest(familyName: string, labels: readonly LabelPair[]): Buffer {
  let text = `${familyName.length}:${familyName}`;
  for (const { name, value } of labels) text += `${name.length}:${name}${value.length}:${value}`;
  return digest(text);
}

function digest(text: string): Buffer {
  return hash('sha256', text, 'buffer').subarray(0, SERIES_DIGEST_BYTES);
}
