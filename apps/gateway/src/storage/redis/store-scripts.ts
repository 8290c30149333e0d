import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DELETE_SCRIPT } from './lua/delete-script.js';
import { PUSH_SCRIPT } from './lua/push-script.js';
import { SNAPSHOT_SCRIPT } from './lua/snapshot-script.js';
import { WIPE_SCRIPT } from './lua/wipe-script.js';

/** The store's Lua scripts. */
export type ScriptName = 'push' | 'delete' | 'wipe' | 'snapshot';

const SOURCES: Readonly<Record<ScriptName, string>> = {
  push: PUSH_SCRIPT,
  delete: DELETE_SCRIPT,
  wipe: WIPE_SCRIPT,
  snapshot: SNAPSHOT_SCRIPT,
};

const SHAS: Readonly<Record<ScriptName, string>> = {
  push: sha1(PUSH_SCRIPT),
  delete: sha1(DELETE_SCRIPT),
  wipe: sha1(WIPE_SCRIPT),
  snapshot: sha1(SNAPSHOT_SCRIPT),
};

/**
 * Loads every script into the Redis `client` is connected to (`SCRIPT
 * LOAD`), so that calls send only the script's SHA. Call it whenever the
 * client has (re)connected: a restarted or failed-over Redis has an empty
 * script cache.
 */
export async function loadScripts(client: Redis): Promise<void> {
  await Promise.all(Object.values(SOURCES).map((source) => client.script('LOAD', source)));
}

/**
 * Runs script `name` with `args` (`EVALSHA`, no keys: every key derives from
 * the prefix in the arguments, so the store needs one Redis primary, not a
 * cluster). Replies come as strings and numbers. A Redis that does not know
 * the script (flushed cache) gets it loaded and the call sent again, both at
 * once so that calls stay in the order they were made.
 */
export function runScript(
  client: Redis,
  name: ScriptName,
  args: readonly (string | Buffer)[],
): Promise<unknown> {
  return client.evalsha(SHAS[name], 0, ...args).catch((error: unknown) => {
    if (!isNoScript(error)) throw error;
    void client.script('LOAD', SOURCES[name]).catch(() => undefined);
    return client.evalsha(SHAS[name], 0, ...args);
  });
}

/** {@link runScript} with every string of the reply as a Buffer (for binary data). */
export function runScriptForBuffers(
  client: Redis,
  name: ScriptName,
  args: readonly (string | Buffer)[],
): Promise<unknown> {
  return client.callBuffer('EVALSHA', SHAS[name], 0, ...args).catch((error: unknown) => {
    if (!isNoScript(error)) throw error;
    void client.script('LOAD', SOURCES[name]).catch(() => undefined);
    return client.callBuffer('EVALSHA', SHAS[name], 0, ...args);
  });
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

function sha1(source: string): string {
  return createHash('sha1').update(source, 'utf8').digest('hex');
}
