/**
 * The command-line flags of the gateway: the Go pushgateway's (1.11), with
 * the same names, defaults and meanings. This one zod schema is the single
 * source of truth: the argv parser learns from it which flags exist and
 * which are booleans or repeatable, `--help` and the configuration docs are
 * rendered from its descriptions and defaults, and it validates the values.
 */
import { z } from 'zod';
import { parseExternalUrl } from './external-url.js';
import { parseGoDuration } from './go-duration.js';
import { parseListenAddress } from './listen-address.js';

/** Extra metadata of a flag, for `--help` and the docs. */
export type FlagMeta = {
  /** What the flag does, in one or two sentences. */
  readonly description: string;
  /** Placeholder shown in usage for the value, e.g. `ADDRESS`. */
  readonly placeholder?: string;
};

const meta = (description: string, placeholder?: string): FlagMeta =>
  placeholder === undefined ? { description } : { description, placeholder };

/** A Go duration flag (`5m`, `1h30m`): the input is Go's syntax, the value nanoseconds. */
const goDuration = z.string().transform((text, ctx) => {
  const parsed = parseGoDuration(text);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error, input: text });
    return z.NEVER;
  }
  return parsed.nanoseconds;
});

const listenAddress = z.string().superRefine((text, ctx) => {
  const parsed = parseListenAddress(text);
  if ('error' in parsed)
    ctx.addIssue({ code: 'custom', message: `listen tcp: ${parsed.error}`, input: text });
});

const externalUrl = z.string().superRefine((text, ctx) => {
  const parsed = parseExternalUrl(text);
  if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error, input: text });
});

/** One of a fixed set of words, refused with the message Go's promlog gives. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: (issue) => `unrecognized ${what} ${JSON.stringify(issue.input)}` });

/** Every flag, in the order `--help` lists them. Keys are the flag names without `--`. */
export const flagsSchema = z.object({
  'web.systemd-socket': z
    .boolean()
    .default(false)
    .meta(
      meta(
        'Listen on the sockets systemd passes in (socket activation) instead of --web.listen-address. Linux only.',
      ),
    ),
  'web.listen-address': z
    .array(listenAddress)
    .default([':9091'])
    .meta(
      meta(
        "Address to listen on, as host:port (':9091' is every interface). Repeat the flag to listen on several addresses.",
        'ADDRESS',
      ),
    ),
  'web.config.file': z
    .string()
    .default('')
    .meta(
      meta(
        'Web configuration file (the Go pushgateway’s exporter-toolkit format) enabling TLS, basic authentication and extra response headers; Pushgate also reads per-role permissions from it (docs/security.md).',
        'FILE',
      ),
    ),
  'web.telemetry-path': z
    .string()
    .default('/metrics')
    .meta(meta('Path under which the pushed metrics and the gateway’s own metrics are exposed.', 'PATH')),
  'web.external-url': externalUrl
    .default('')
    .meta(
      meta(
        'URL under which the gateway is reachable from outside, e.g. behind a reverse proxy. Its path is the default route prefix.',
        'URL',
      ),
    ),
  'web.route-prefix': z
    .string()
    .default('')
    .meta(meta('Prefix of every route. Defaults to the path of --web.external-url.', 'PATH')),
  'web.enable-lifecycle': z
    .boolean()
    .default(false)
    .meta(meta('Allow shutting the gateway down with PUT or POST /-/quit.')),
  'web.enable-admin-api': z
    .boolean()
    .default(false)
    .meta(meta('Enable the admin API: PUT /api/v1/admin/wipe deletes every group.')),
  'persistence.file': z
    .string()
    .default('')
    .meta(
      meta(
        'File to persist metrics to; empty keeps them in memory only. Every change is journaled before it is acknowledged (docs/persistence.md).',
        'FILE',
      ),
    ),
  'persistence.interval': goDuration
    .prefault('5m')
    .meta(
      meta(
        'How often the journal is folded into a new snapshot of the persistence file, as a Go duration.',
        'DURATION',
      ),
    ),
  'persistence.sync': z
    .boolean()
    .default(false)
    .meta(
      meta(
        'Pushgate extra: also fsync the journal before answering a push or delete, so that acknowledged changes survive a power loss, not only a crash of the process.',
      ),
    ),
  'push.disable-consistency-check': z
    .boolean()
    .default(false)
    .meta(
      meta(
        'Do not check pushes against the stored metrics, and answer them 202 Accepted. Dangerous: clashing pushes are stored and scrapes leave their metrics out.',
      ),
    ),
  'push.enable-utf8-names': z
    .boolean()
    .default(false)
    .meta(
      meta(
        'Accept metric and label names made of any UTF-8 characters; label names in push URLs may then be U__-escaped.',
      ),
    ),
  'push.group-ttl': goDuration
    .prefault('0s')
    .meta(
      meta(
        'Pushgate extra: delete a group this long after its last successful push, as a DELETE would (0 = never, the Go pushgateway’s behaviour). A push may set its own with the Pushgate-TTL header.',
        'DURATION',
      ),
    ),
  'push.max-group-ttl': goDuration
    .prefault('0s')
    .meta(
      meta(
        'Pushgate extra: the longest TTL a push may ask for with the Pushgate-TTL header; longer ones, and 0 (never), are refused with 400. 0 = no bound.',
        'DURATION',
      ),
    ),
  'push.max-body-bytes': z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024)
    .meta(meta('Pushgate extra: largest request body accepted, as sent; larger ones get 413.', 'BYTES')),
  'push.max-decoded-bytes': z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024)
    .meta(
      meta(
        'Pushgate extra: largest size a gzip or snappy body may inflate to; decompression stops there with 413.',
        'BYTES',
      ),
    ),
  'push.max-series': z.coerce
    .number()
    .int()
    .positive()
    .default(1_000_000)
    .meta(meta('Pushgate extra: most series one push may carry; more get 413.', 'COUNT')),
  'push.max-labels': z.coerce
    .number()
    .int()
    .positive()
    .default(256)
    .meta(
      meta(
        'Pushgate extra: most labels one series may have, grouping labels included; more get 400.',
        'COUNT',
      ),
    ),
  'push.max-label-length': z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024)
    .meta(
      meta(
        'Pushgate extra: longest metric name, label name or label value, in bytes; longer ones get 400.',
        'BYTES',
      ),
    ),
  'push.max-groups': z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .meta(
      meta(
        'Pushgate extra: most groups the gateway holds; a push that would create one more gets 429 (0 = no bound).',
        'COUNT',
      ),
    ),
  'web.read-header-timeout': goDuration
    .prefault('30s')
    .meta(
      meta(
        'Pushgate extra: time a client has to send the request headers before the connection is closed.',
        'DURATION',
      ),
    ),
  'web.read-timeout': goDuration
    .prefault('5m')
    .meta(
      meta(
        'Pushgate extra: time a client has to send a whole request, body included, before it gets 408.',
        'DURATION',
      ),
    ),
  'redis.url': z
    .string()
    .default('')
    .meta(
      meta(
        'Pushgate extra: keep the groups in Redis instead of memory, so that several gateways act as one: redis://[:password@]host:port/db, rediss:// for TLS, or redis-sentinel://host:port[,host:port…]/master-name[/db] for Sentinel failover.',
        'URL',
      ),
    ),
  'redis.key-prefix': z
    .string()
    .default('pushgate:')
    .meta(
      meta(
        'Pushgate extra: prefix of every Redis key, so that several gateway clusters can share one Redis.',
        'PREFIX',
      ),
    ),
  'log.level': oneOf(['debug', 'info', 'warn', 'error'], 'log level')
    .default('info')
    .meta(meta('Only log messages of this severity or above: debug, info, warn or error.', 'LEVEL')),
  'log.format': oneOf(['logfmt', 'json'], 'log format')
    .default('logfmt')
    .meta(meta('Format of the log lines: logfmt or json.', 'FORMAT')),
});

/** The flags after validation, with defaults applied. */
export type GatewayFlags = z.output<typeof flagsSchema>;

/** The name of a flag, without `--`. */
export type FlagName = keyof GatewayFlags;

/** The raw values the argv parser collects: booleans, strings, or lists for repeatable flags. */
export type RawFlagValues = Partial<Record<FlagName, boolean | string | string[]>>;

/** How a flag takes its value on the command line. */
export type FlagKind = 'boolean' | 'value' | 'repeatable';

/** One flag as `--help` and the docs describe it. */
export interface FlagDescription {
  readonly name: FlagName;
  readonly kind: FlagKind;
  readonly description: string;
  readonly placeholder: string | undefined;
  /** The default as it would be typed on the command line (lists: one entry each). */
  readonly defaults: readonly string[];
}

/**
 * Every flag with its kind, description and default, read from the schema's
 * JSON Schema (input side), so the parser, `--help` and the docs can never
 * disagree with the validation.
 */
export function describeFlags(): readonly FlagDescription[] {
  const jsonSchema = z.toJSONSchema(flagsSchema, { io: 'input', unrepresentable: 'any' });
  const properties = (jsonSchema.properties ?? {}) as Record<string, JsonSchemaProperty>;
  return Object.entries(properties).map(([name, property]) => ({
    name: name as FlagName,
    kind: property.type === 'boolean' ? 'boolean' : property.type === 'array' ? 'repeatable' : 'value',
    description: property.description ?? '',
    placeholder: property.placeholder,
    defaults: Array.isArray(property.default)
      ? property.default.map(String)
      : property.default === undefined
        ? []
        : [String(property.default)],
  }));
}

interface JsonSchemaProperty {
  type?: string;
  description?: string;
  placeholder?: string;
  default?: unknown;
}
