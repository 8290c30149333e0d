import { LUA_LIBRARY } from './library.js';

/**
 * DELETE and expiry: removes a group with its index entries. ARGV[2] is the
 * group key; ARGV[3] the expiry cutoff in seconds, or '' for an
 * unconditional DELETE: with a cutoff, the group is removed only if its
 * `push_time_seconds` (or, never pushed, its `push_failure_time_seconds`)
 * is at most the cutoff, so that a push renewing it meanwhile wins and of
 * several replicas expiring it exactly one succeeds. ARGV[4] is the time
 * ('' = Redis's clock), ARGV[5] and ARGV[6] the log limits.
 *
 * Returns {gen (0 when nothing was deleted), time, epoch}.
 */
export const DELETE_SCRIPT = `${LUA_LIBRARY}
local gk = ARGV[2]
local e = epoch()
local m = redis.call('HMGET', P .. 'm:' .. gk, 'labels', 'pt', 'ft')
if not m[1] then return {0, '', e} end
if ARGV[3] ~= '' then
  local written = tonumber(m[2])
  if written <= 0 then written = tonumber(m[3]) end
  if written / 1000 > tonumber(ARGV[3]) then return {0, '', e} end
end
local time = ARGV[4]
if time == '' then time = now_ms() end
delete_group(gk)
local gen = redis.call('INCR', GEN)
append(gen, {'k', 'd', 't', time, 'l', m[1]}, #m[1] + 64, tonumber(ARGV[5]), tonumber(ARGV[6]))
return {gen, time, e}
`;
