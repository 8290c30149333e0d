import type { NameValidation } from '@pushgate/protocol';
import type { GatewayFlags } from '../flags/schema.js';
import type { Logger } from '../logging/logger.js';
import { PersistenceError } from '../persistence/persistence-error.js';
import { PersistentStore, type Recovery } from '../persistence/persistent-store.js';
import { createMemoryStore } from './memory-store.js';
import type { MetricStore, OwnFamily } from './store.js';

/** A store chosen by the flags, with how the status page describes it. */
export interface OpenedStore {
  readonly store: MetricStore;
  /** `memory`, `file <path>` or `redis <url without password>`. */
  readonly kind: string;
}

export interface StoreSettings {
  readonly consistencyCheck: boolean;
  readonly ownFamilies: ReadonlyMap<string, OwnFamily>;
  readonly nameValidation: NameValidation;
  readonly logger: Logger;
  /** `--push.max-groups`: the most groups the store may hold (0 = no bound). */
  readonly maxGroups: number;
  /** Told what a persistent store had to set aside as damaged while loading. */
  readonly onRecovery?: (recovery: Recovery) => void;
}

/** Why the flags do not describe a usable store; stops the start. */
export class StoreSetupError extends Error {
  override readonly name = 'StoreSetupError';
}

/**
 * Opens the store the flags ask for: Redis with `--redis.url`, a persistent
 * file with `--persistence.file`, memory otherwise. Resolves once the store
 * has loaded its state and can serve requests.
 */
export async function openStore(flags: GatewayFlags, settings: StoreSettings): Promise<OpenedStore> {
  if (flags['redis.url'] !== '' && flags['persistence.file'] !== '') {
    throw new StoreSetupError(
      '--redis.url and --persistence.file exclude each other: Redis keeps the state, configure its persistence instead',
    );
  }
  if (flags['redis.url'] !== '') {
    // Loaded only when asked for: the Redis client adds about 13 MB to every gateway's resident memory.
    const { openRedisStoreFromFlags } = await import('./redis/open-redis-store.js');
    const opened = await openRedisStoreFromFlags(flags, settings);
    if ('error' in opened) throw new StoreSetupError(opened.error);
    return opened;
  }
  if (flags['persistence.file'] !== '') {
    const file = flags['persistence.file'];
    const store = await PersistentStore.open({
      consistencyCheck: settings.consistencyCheck,
      ownFamilies: settings.ownFamilies,
      nameValidation: settings.nameValidation,
      maxGroups: settings.maxGroups,
      logger: settings.logger,
      file,
      intervalMs: Number(flags['persistence.interval'] / 1_000_000n),
      sync: flags['persistence.sync'],
    }).catch((error: unknown) => {
      if (error instanceof PersistenceError) throw new StoreSetupError(error.message);
      throw error;
    });
    settings.onRecovery?.(store.recovery);
    return { store, kind: `file ${file}${flags['persistence.sync'] ? ' (synced)' : ''}` };
  }
  return {
    store: createMemoryStore({
      consistencyCheck: settings.consistencyCheck,
      ownFamilies: settings.ownFamilies,
      nameValidation: settings.nameValidation,
      maxGroups: settings.maxGroups,
    }),
    kind: 'memory',
  };
}
