/** Size caps on push bodies, so that one request cannot exhaust the gateway's memory. */
export interface BodyLimits {
  /** Most bytes a request body may have as sent (compressed or not). */
  readonly maxBodyBytes: number;
  /** Most bytes a body may decompress to. */
  readonly maxDecodedBytes: number;
}

/** 64 MiB both ways: far above any sensible push, far below a memory problem. */
export const DEFAULT_BODY_LIMITS: BodyLimits = {
  maxBodyBytes: 64 * 1024 * 1024,
  maxDecodedBytes: 64 * 1024 * 1024,
};
