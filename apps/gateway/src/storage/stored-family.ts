import {
  decodeDelimited,
  encodeDelimited,
  type Metric,
  type MetricFamily,
  type MetricType,
} from '@pushgate/protocol';
import { flatCopy } from './flat-string.js';
import { labelsOfKey } from './label-set-key.js';

/**
 * One family of one group, as the memory store keeps it: compact, because a
 * store of 100,000 groups holds millions of series and every object in it
 * is traced by each major garbage collection. The parsed families of a push
 * are dropped once stored; reads decode fresh objects from what is kept.
 *
 * - Gauges, counters and untyped metrics with nothing but a value (nearly
 *   every pushed series) keep only their values: the labels are in the
 *   label-set keys the store keeps anyway.
 * - Anything else (summaries, histograms, exemplars, created timestamps)
 *   keeps its delimited protobuf encoding, as a one-byte-per-char string,
 *   which the garbage collector never has to look into.
 * - Should a family not encode (numbers outside their protobuf types, which
 *   only a hand-built family can have), it is kept as it is.
 *
 * The usual push re-sends a family with new values only; plain families
 * then take the values in place ({@link StoredFamily.rewrite}), so that a
 * push leaves nothing behind for the garbage collector. Readers that must
 * not see later pushes (snapshots) take a {@link StoredFamily.frozen} copy.
 */
export interface StoredFamily {
  readonly name: string;
  readonly type: MetricType;
  /** The HELP as pushed; absent when the push gave none. */
  readonly help: string | undefined;
  /** When the push that last wrote this family was received, in milliseconds since the epoch. */
  readonly timestampMs: number;
  /** The label-set key of each metric, in the order pushed. */
  readonly keys: readonly string[];
  /** The metrics, decoded: new objects on each call, owned by the caller. */
  metrics(): Metric[];
  /** The whole family, decoded: a new object on each call, owned by the caller. */
  family(): MetricFamily;
  /**
   * Takes the values of `family`, written at `timestampMs`, in place if it
   * is this family but for its values: same type and HELP, the series of
   * `keys` (the very array this family holds), nothing but plain values.
   * Returns whether it did; if not, nothing changed and `family` must be
   * stored anew.
   */
  rewrite(family: MetricFamily, keys: readonly string[], timestampMs: number): boolean;
  /** This family as it is now, unchanged by later rewrites. */
  frozen(): StoredFamily;
}

/** The `push_*` gauges of a group: one value for all its series (it has one), set in place. */
export interface StoredGauges extends StoredFamily {
  readonly value: number;
  /** Sets the value, written at `timestampMs`. */
  set(value: number, timestampMs: number): void;
}

type ValueField = 'gauge' | 'counter' | 'untyped';

const VALUE_FIELDS: Partial<Record<MetricType, ValueField>> = {
  GAUGE: 'gauge',
  COUNTER: 'counter',
  UNTYPED: 'untyped',
};

/**
 * Stores `family` (sanitised: labels sorted by name) written at
 * `timestampMs`; `keys` are the label-set keys of its metrics, in order.
 * The family is not retained, except in the rare case described on
 * {@link StoredFamily}. `like` is a stored family of the same name (the
 * group's previous one, or another group's): its name and HELP strings are
 * shared when equal, rather than kept once per group.
 */
export function storeFamily(
  family: MetricFamily,
  keys: readonly string[],
  timestampMs: number,
  like?: StoredFamily,
): StoredFamily {
  const name = like?.name === family.name ? like.name : flatCopy(family.name);
  const help = family.help === undefined || like?.help !== family.help ? flatten(family.help) : like.help;
  const field = VALUE_FIELDS[family.type];
  if (field !== undefined && family.metric.every((metric) => hasOnlyValue(metric, field))) {
    const values = family.metric.map((metric) => (metric[field] as { value: number }).value);
    return new ValueFamily(name, family.type, help, timestampMs, keys, field, values);
  }
  let encoded: Uint8Array;
  try {
    encoded = encodeDelimited([family]);
  } catch {
    return new RetainedFamily(family, keys, timestampMs);
  }
  const bytes = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  return new EncodedFamily(name, family.type, help, timestampMs, keys, bytes.toString('latin1'));
}

/**
 * A gauge family of one metric per key, all with `value`: how the store
 * keeps its `push_*` gauges (one key each), without an array per gauge.
 */
export function storeGauges(
  name: string,
  help: string,
  keys: readonly string[],
  value: number,
  timestampMs: number,
): StoredGauges {
  return new SameValueGauges(name, help, timestampMs, keys, value);
}

/** Whether `metric` carries nothing but its labels and a plain value in `field`. */
function hasOnlyValue(metric: Metric, field: ValueField): boolean {
  if (metric.timestampMs !== undefined) return false;
  for (const other of ['gauge', 'counter', 'untyped', 'summary', 'histogram'] as const) {
    if (other !== field && metric[other] !== undefined) return false;
  }
  const value = metric[field];
  if (value === undefined) return false;
  if (field !== 'counter') return true;
  const counter = metric.counter;
  return counter?.exemplar === undefined && counter?.createdTimestamp === undefined;
}

function flatten(text: string | undefined): string | undefined {
  return text === undefined ? undefined : flatCopy(text);
}

abstract class BaseFamily {
  constructor(
    readonly name: string,
    readonly type: MetricType,
    readonly help: string | undefined,
    public timestampMs: number,
    readonly keys: readonly string[],
  ) {}

  abstract metrics(): Metric[];

  family(): MetricFamily {
    const metric = this.metrics();
    return this.help === undefined
      ? { name: this.name, type: this.type, metric }
      : { name: this.name, help: this.help, type: this.type, metric };
  }
}

/** Plain gauges, counters or untyped metrics: the values alone, the labels being in the keys. */
class ValueFamily extends BaseFamily implements StoredFamily {
  constructor(
    name: string,
    type: MetricType,
    help: string | undefined,
    timestampMs: number,
    keys: readonly string[],
    private readonly field: ValueField,
    private readonly values: number[],
  ) {
    super(name, type, help, timestampMs, keys);
  }

  metrics(): Metric[] {
    const field = this.field;
    return this.keys.map((key, i) => {
      const value = { value: this.values[i] ?? 0 };
      const label = labelsOfKey(key);
      return field === 'gauge'
        ? { label, gauge: value }
        : field === 'counter'
          ? { label, counter: value }
          : { label, untyped: value };
    });
  }

  rewrite(family: MetricFamily, keys: readonly string[], timestampMs: number): boolean {
    if (keys !== this.keys || family.type !== this.type || family.help !== this.help) return false;
    const field = this.field;
    const metrics = family.metric;
    for (let i = 0; i < metrics.length; i++) if (!hasOnlyValue(metrics[i] as Metric, field)) return false;
    for (let i = 0; i < metrics.length; i++) {
      this.values[i] = ((metrics[i] as Metric)[field] as { value: number }).value;
    }
    this.timestampMs = timestampMs;
    return true;
  }

  frozen(): StoredFamily {
    const { name, type, help, timestampMs, keys, field, values } = this;
    return new ValueFamily(name, type, help, timestampMs, keys, field, values.slice());
  }
}

class SameValueGauges extends BaseFamily implements StoredGauges {
  constructor(
    name: string,
    help: string,
    timestampMs: number,
    keys: readonly string[],
    public value: number,
  ) {
    super(name, 'GAUGE', help, timestampMs, keys);
  }

  metrics(): Metric[] {
    return this.keys.map((key) => ({ label: labelsOfKey(key), gauge: { value: this.value } }));
  }

  set(value: number, timestampMs: number): void {
    this.value = value;
    this.timestampMs = timestampMs;
  }

  rewrite(): boolean {
    return false;
  }

  frozen(): StoredFamily {
    return new SameValueGauges(this.name, this.help as string, this.timestampMs, this.keys, this.value);
  }
}

/** Any other family, as its delimited protobuf encoding. */
class EncodedFamily extends BaseFamily implements StoredFamily {
  constructor(
    name: string,
    type: MetricType,
    help: string | undefined,
    timestampMs: number,
    keys: readonly string[],
    private readonly encoded: string,
  ) {
    super(name, type, help, timestampMs, keys);
  }

  metrics(): Metric[] {
    return decodeDelimited(Buffer.from(this.encoded, 'latin1'))[0]?.metric ?? [];
  }

  override family(): MetricFamily {
    return decodeDelimited(Buffer.from(this.encoded, 'latin1'))[0] ?? super.family();
  }

  rewrite(): boolean {
    return false;
  }

  frozen(): StoredFamily {
    return this;
  }
}

/** A family that does not encode, kept as pushed (and never handed out itself). */
class RetainedFamily extends BaseFamily implements StoredFamily {
  constructor(
    private readonly kept: MetricFamily,
    keys: readonly string[],
    timestampMs: number,
  ) {
    super(kept.name, kept.type, kept.help, timestampMs, keys);
  }

  metrics(): Metric[] {
    return structuredClone(this.kept.metric);
  }

  override family(): MetricFamily {
    return structuredClone(this.kept);
  }

  rewrite(): boolean {
    return false;
  }

  frozen(): StoredFamily {
    return this;
  }
}
