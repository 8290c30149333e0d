import { LUA_LIBRARY } from './library.js';

/**
 * The admin wipe: removes every group and the indexes at once. ARGV[2] and
 * ARGV[3] are the log limits. Returns {gen (0 when there was nothing to
 * wipe), epoch}.
 */
export const WIPE_SCRIPT = `${LUA_LIBRARY}
local e = epoch()
if redis.call('ZCARD', GROUPS) == 0 then return {0, e} end
for _, gk in ipairs(redis.call('ZRANGE', GROUPS, 0, -1)) do
  redis.call('UNLINK', P .. 'm:' .. gk, P .. 'f:' .. gk, P .. 't:' .. gk, P .. 's:' .. gk)
end
redis.call('UNLINK', GROUPS, SIDS, TYPES, SERIES)
local gen = redis.call('INCR', GEN)
append(gen, {'k', 'x'}, 64, tonumber(ARGV[2]), tonumber(ARGV[3]))
return {gen, e}
`;
