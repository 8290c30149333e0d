import type { GroupTimes } from '../storage/store.js';

/** When and on what basis a group expires. */
export interface Expiry {
  /** Milliseconds since the epoch at which the group expires. */
  readonly atMs: number;
  /**
   * The write time the expiry counts from, in seconds: the last successful
   * push, or for a group that never had one, its last failure. Passed to
   * `store.expire` so that a push renewing the group in between wins.
   */
  readonly writtenSeconds: number;
}

/**
 * When `group` expires: its own TTL (from the Pushgate-TTL header of its last
 * successful push) or else the gateway's default, counted from its last
 * write. `undefined` when it never expires (TTL 0).
 */
export function expiryOf(group: GroupTimes, defaultTtlMs: number): Expiry | undefined {
  const ttlMs = group.ttlMs ?? defaultTtlMs;
  if (ttlMs <= 0) return undefined;
  const writtenSeconds = group.lastPushSeconds > 0 ? group.lastPushSeconds : group.lastFailureSeconds;
  return { atMs: writtenSeconds * 1000 + ttlMs, writtenSeconds };
}
