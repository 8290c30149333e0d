import { LUA_LIBRARY } from './library.js';

/**
 * Reads the whole store at one generation, for a replica that starts or has
 * fallen behind the trimmed log. Returns {epoch, gen, groups…}, each group
 * as {group key, m: hash, t: hash, f: hash} (hashes as flat field/value
 * lists), in the order the groups were created.
 */
export const SNAPSHOT_SCRIPT = `${LUA_LIBRARY}
local e = epoch()
local out = {e, tonumber(redis.call('GET', GEN) or '0')}
for _, gk in ipairs(redis.call('ZRANGE', GROUPS, 0, -1)) do
  out[#out + 1] = {
    gk,
    redis.call('HGETALL', P .. 'm:' .. gk),
    redis.call('HGETALL', P .. 't:' .. gk),
    redis.call('HGETALL', P .. 'f:' .. gk),
  }
end
return out
`;
