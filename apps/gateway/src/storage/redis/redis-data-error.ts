/** What kind of unexpected data the store found in Redis. */
export type RedisDataErrorCode =
  /** A change feed entry that does not decode. */
  | 'corrupt_log_entry'
  /** A group in Redis that does not decode. */
  | 'corrupt_group'
  /** A script or command answered in a shape the store does not know. */
  | 'unexpected_reply';

/** Where the unexpected data was found. */
export interface RedisDataLocation {
  /** The Redis key (without the prefix) or stream entry id. */
  readonly key?: string;
  /** The hash or stream field. */
  readonly field?: string;
}

/**
 * Data in Redis that this version of the store cannot read: written by
 * another program under the same key prefix, or by a version with another
 * layout. A replica meeting it reloads the store, and reports it.
 */
export class RedisDataError extends Error {
  override readonly name = 'RedisDataError';
  readonly code: RedisDataErrorCode;
  readonly location: RedisDataLocation;

  constructor(code: RedisDataErrorCode, message: string, location: RedisDataLocation = {}) {
    super(message);
    this.code = code;
    this.location = location;
  }
}
