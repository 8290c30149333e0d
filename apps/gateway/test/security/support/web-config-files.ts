/** Web config files for tests: a temporary directory, YAML written to it, and bcrypt hashes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';

/** A bcrypt hash of `password` at cost 4, the cheapest, to keep tests fast. */
export function hashPassword(password: string, cost = 4): string {
  return bcrypt.hashSync(password, cost);
}

export interface TempDir {
  readonly path: string;
  /** Writes `content` to `name` in the directory; returns the file's path. */
  write(name: string, content: string): string;
  remove(): void;
}

export function tempDir(prefix = 'pushgate-security-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    write(name, content) {
      const file = join(path, name);
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** The `Authorization` header value for basic auth. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
