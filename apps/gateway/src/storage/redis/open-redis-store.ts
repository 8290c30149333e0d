import type { NameValidation } from '@pushgate/protocol';
import type { GatewayFlags } from '../../flags/schema.js';
import type { Logger } from '../../logging/logger.js';
import type { OwnFamily } from '../store.js';
import { StoreError } from '../store.js';
import { openRedisStore, type RedisStore } from './redis-store.js';
import { describeRedisTarget, parseRedisUrl } from './redis-url.js';

/** What the store factory passes on from its settings. */
export interface RedisStoreSettings {
  readonly consistencyCheck: boolean;
  readonly ownFamilies: ReadonlyMap<string, OwnFamily>;
  readonly nameValidation: NameValidation;
  readonly logger: Logger;
  /** `--push.max-groups` (0 or absent: no bound). */
  readonly maxGroups?: number;
}

/**
 * Opens the Redis store `--redis.url` and `--redis.key-prefix` describe,
 * with Redis's clock for push times. Resolves with the store and how the
 * status page shows it (`redis <url without credentials>`), or with why it
 * cannot be used: a bad URL, or a Redis that cannot be reached in time.
 */
export async function openRedisStoreFromFlags(
  flags: Pick<GatewayFlags, 'redis.url' | 'redis.key-prefix'>,
  settings: RedisStoreSettings,
): Promise<{ store: RedisStore; kind: string } | { error: string }> {
  const parsed = parseRedisUrl(flags['redis.url']);
  if ('error' in parsed) return { error: parsed.error.message };
  try {
    const store = await openRedisStore({
      target: parsed.target,
      keyPrefix: flags['redis.key-prefix'],
      consistencyCheck: settings.consistencyCheck,
      ownFamilies: settings.ownFamilies,
      nameValidation: settings.nameValidation,
      logger: settings.logger,
      ...(settings.maxGroups === undefined ? {} : { maxGroups: settings.maxGroups }),
    });
    return { store, kind: `redis ${describeRedisTarget(parsed.target)}` };
  } catch (error) {
    if (error instanceof StoreError) return { error: error.message };
    throw error;
  }
}
