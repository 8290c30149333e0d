import { decodeDelimited, type MetricFamily } from '@pushgate/protocol';
import type { AppliedChange } from '../journal.js';
import type { GroupingLabels } from '../store.js';
import { RedisDataError } from './redis-data-error.js';

/** A change of the change feed, with its generation. */
export interface LoggedChange {
  readonly gen: number;
  readonly change: AppliedChange;
}

/** No limit on one stored family's size: Redis holds what a push brought in. */
const NO_MESSAGE_LIMIT = { maxMessageBytes: Number.MAX_SAFE_INTEGER };

/**
 * Decodes one entry of the change feed (`<gen>-0` → fields `k` kind, `t`
 * time, `l` labels, `r` replace, `ttl`, `b` families) into the change the
 * local mirror replays. The kinds are the scripts': `w` an accepted push, `f`
 * a refused one, `d` a deleted or expired group, `x` a wipe.
 *
 * @throws {RedisDataError} `corrupt_log_entry` for an entry that does not decode.
 */
export function decodeLogEntry(id: Buffer, fields: readonly Buffer[]): LoggedChange {
  const gen = generationOf(id);
  const entryId = id.toString('latin1');
  const values = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i];
    const value = fields[i + 1];
    if (name && value) values.set(name.toString('latin1'), value);
  }
  try {
    return { gen, change: changeOf(values) };
  } catch (error) {
    if (error instanceof RedisDataError) throw error;
    throw new RedisDataError(
      'corrupt_log_entry',
      `change feed entry ${entryId} does not decode: ${error instanceof Error ? error.message : String(error)}`,
      { key: entryId },
    );
  }
}

/**
 * The generation of a change feed entry, from its id (`<gen>-0`), so that
 * entries the mirror has are skipped without being decoded.
 *
 * @throws {RedisDataError} `corrupt_log_entry` for an id that is not a generation.
 */
export function generationOf(id: Buffer): number {
  const entryId = id.toString('latin1');
  const gen = Number(entryId.slice(0, entryId.indexOf('-')));
  if (!Number.isSafeInteger(gen) || gen <= 0) {
    throw new RedisDataError('corrupt_log_entry', `change feed entry ${entryId} has no generation`, {
      key: entryId,
    });
  }
  return gen;
}

/** Decodes a family stored as one delimited protobuf message. */
export function decodeStoredFamily(bytes: Buffer): MetricFamily {
  const [family, ...rest] = decodeDelimited(bytes, NO_MESSAGE_LIMIT);
  if (!family || rest.length > 0) throw new Error('a stored family is not exactly one message');
  return family;
}

/** Parses grouping labels stored as JSON. */
export function parseStoredLabels(json: string): GroupingLabels {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('grouping labels are not a JSON object');
  }
  for (const value of Object.values(parsed)) {
    if (typeof value !== 'string') throw new Error('a grouping label value is not a string');
  }
  return parsed as GroupingLabels;
}

function changeOf(values: ReadonlyMap<string, Buffer>): AppliedChange {
  const kind = text(values, 'k');
  if (kind === 'x') return { kind: 'wipe' };
  const labels = parseStoredLabels(text(values, 'l'));
  const timestampMs = Number(text(values, 't'));
  switch (kind) {
    case 'f':
      return { kind: 'failure', labels, timestampMs };
    case 'd':
      return { kind: 'write', request: { labels, timestampMs, families: undefined, replace: true } };
    case 'w': {
      const families = decodeDelimited(values.get('b') ?? Buffer.alloc(0), NO_MESSAGE_LIMIT);
      const replace = text(values, 'r') === '1';
      const ttl = text(values, 'ttl');
      return {
        kind: 'write',
        request:
          ttl === ''
            ? { labels, timestampMs, families, replace }
            : { labels, timestampMs, families, replace, ttlMs: Number(ttl) },
      };
    }
    default:
      throw new Error(`unknown change kind ${JSON.stringify(kind)}`);
  }
}

function text(values: ReadonlyMap<string, Buffer>, field: string): string {
  const value = values.get(field);
  if (value === undefined) throw new Error(`field ${field} is missing`);
  return value.toString('utf8');
}
