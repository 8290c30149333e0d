/**
 * The shape of a bcrypt hash, checked for every `basic_auth_users` entry at
 * start-up, as Go's exporter-toolkit does (`bcrypt.Cost`), so that a typo
 * in a hash is found before the first request is refused.
 */

/** `$2a$`, `$2b$`, `$2y$` (or the bare `$2$`), a two-digit cost, then 53 characters of salt and digest. */
const BCRYPT_HASH = /^\$2[aby]?\$(\d\d)\$[./A-Za-z0-9]{53}$/;

const MIN_COST = 4;
const MAX_COST = 31;

/** Why `hash` is not a usable bcrypt hash, or `undefined` when it is one. */
export function bcryptHashProblem(hash: string): string | undefined {
  const match = BCRYPT_HASH.exec(hash);
  if (match === null) {
    return hash.length < 59
      ? 'too short to be a bcrypt hash'
      : 'not a bcrypt hash (expected $2a$, $2b$ or $2y$, a two-digit cost and 53 characters)';
  }
  const cost = Number(match[1]);
  if (cost < MIN_COST || cost > MAX_COST)
    return `of cost ${cost}, outside the allowed range ${MIN_COST}–${MAX_COST}`;
  return undefined;
}
