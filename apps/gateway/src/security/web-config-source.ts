/**
 * The web config file as the Go pushgateway uses it: read again for every
 * request and every TLS handshake, so that users, hashes, headers and
 * certificates can change without a restart, and a file that becomes
 * unreadable or invalid fails requests (500) instead of silently dropping
 * protection. Reading is a small synchronous read; parsing is skipped while
 * the bytes are the same as last time.
 */
import { readFileSync } from 'node:fs';
import { describeReadError } from './read-error.js';
import { parseWebConfig, type WebConfigParse } from './web-config.js';

export interface WebConfigSource {
  /** The file's path, as given. */
  readonly path: string;
  /** The file's current content, parsed; never throws. */
  read(): WebConfigParse;
}

/** A source that re-reads `path` on every {@link WebConfigSource.read}. */
export function createWebConfigSource(path: string): WebConfigSource {
  let lastBytes: Buffer | undefined;
  let lastParse: WebConfigParse | undefined;
  return {
    path,
    read(): WebConfigParse {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        lastBytes = undefined;
        return {
          error: { code: 'unreadable', message: describeReadError(path, error), location: { file: path } },
        };
      }
      if (lastParse !== undefined && lastBytes?.equals(bytes)) return lastParse;
      lastBytes = bytes;
      lastParse = parseWebConfig(bytes.toString('utf8'), path);
      return lastParse;
    },
  };
}
