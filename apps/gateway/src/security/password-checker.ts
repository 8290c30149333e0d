/**
 * Checking a basic-auth password against a bcrypt hash the way Go's
 * exporter-toolkit does:
 *
 * - an unknown user is checked against a fixed hash of the same cost as
 *   usual ones, so that response times do not tell which users exist;
 * - outcomes are cached per (user, hash, password), so that a client sending
 *   the same credentials on every request pays bcrypt once; the key is a
 *   SHA-256 digest, so no password is kept in memory;
 * - one comparison runs at a time (Go holds a mutex), so that a flood of
 *   wrong passwords queues up instead of multiplying the CPU spent at once;
 *   identical checks in flight share one comparison.
 *
 * bcryptjs is pure JavaScript and yields to the event loop while it works,
 * so other requests are served during a comparison.
 */
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * A bcrypt hash (cost 10, the usual one) of a random password nobody
 * knows, compared against when the user is unknown.
 */
const UNKNOWN_USER_HASH = '$2b$10$ZHY4p4pyvm8f6K7/iTDc5uMhldr0OFykAWrjXMqIdGI6MjM1J..Tm';

/** How many outcomes are remembered; the oldest are forgotten first. */
const CACHE_ENTRIES = 1024;

export interface PasswordChecker {
  /**
   * Whether `password` is the password of `user`, whose configured hash is
   * `hash` (`undefined` for an unknown user, which never passes). A hash
   * that is not valid bcrypt never passes either. Never rejects.
   */
  verify(user: string, hash: string | undefined, password: string): Promise<boolean>;
}

/** A checker with its own cache and queue. */
export function createPasswordChecker(): PasswordChecker {
  const outcomes = new Map<string, boolean>();
  const inFlight = new Map<string, Promise<boolean>>();
  let queue: Promise<unknown> = Promise.resolve();

  const compare = (password: string, hash: string): Promise<boolean> => {
    const run = queue.then(() => bcrypt.compare(password, hash).catch(() => false));
    queue = run;
    return run;
  };

  return {
    async verify(user, hash, password) {
      const known = hash !== undefined;
      const effectiveHash = hash ?? UNKNOWN_USER_HASH;
      const key = createHash('sha256')
        .update(JSON.stringify([user, effectiveHash, password]))
        .digest('hex');
      const cached = outcomes.get(key);
      if (cached !== undefined) {
        // Re-inserting keeps recently used outcomes from being forgotten first.
        outcomes.delete(key);
        outcomes.set(key, cached);
        return cached;
      }
      let pending = inFlight.get(key);
      if (pending === undefined) {
        pending = compare(password, effectiveHash).then((matches) => {
          const outcome = known && matches;
          inFlight.delete(key);
          outcomes.set(key, outcome);
          if (outcomes.size > CACHE_ENTRIES) {
            const oldest = outcomes.keys().next().value;
            if (oldest !== undefined) outcomes.delete(oldest);
          }
          return outcome;
        });
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}
