/**
 * Lua shared by every script of the Redis store (each script is this
 * prelude followed by its own body, see `redis-keys.ts` for the key layout).
 * ARGV[1] is always the key prefix. The flags line makes Redis refuse the
 * scripts on a cluster (they use keys of many slots) and check for memory
 * before a script starts rather than halfway through it.
 *
 * Times are decimal strings of milliseconds since the epoch, kept exactly as
 * written so that Node and Lua parse them to the same double: with the Redis
 * clock they come from `TIME`, with the request clock from JavaScript's
 * shortest round-trip rendering of the request time.
 */
export const LUA_LIBRARY = `#!lua flags=no-cluster
local P = ARGV[1]
local GEN, EPOCH, LOG = P .. 'gen', P .. 'epoch', P .. 'log'
local LOGSIZES, LOGBYTES = P .. 'logsizes', P .. 'logbytes'
local GROUPS, SIDS, TYPES, SERIES = P .. 'groups', P .. 'sids', P .. 'types', P .. 'series'
local DIGEST = 16

-- Redis's clock in milliseconds, microseconds as the fraction.
local function now_ms()
  local t = redis.call('TIME')
  local us = tonumber(t[2])
  return t[1] .. string.format('%03d.%03d', math.floor(us / 1000), us % 1000)
end

-- The id of this data set, created with the first use of an empty Redis.
local function epoch()
  local e = redis.call('GET', EPOCH)
  if not e then
    local t = redis.call('TIME')
    e = t[1] .. t[2] .. '-' .. math.random(1, 2147483647)
    redis.call('SET', EPOCH, e)
  end
  return e
end

-- A family's entry of a t: hash: { type = number or nil when empty, since, ts }.
local function parse_t(v)
  if not v then return nil end
  local c = string.sub(v, 1, 1)
  local bar = string.find(v, '|', 3, true)
  local typ = nil
  if c ~= '-' then typ = tonumber(c) end
  return { type = typ, since = tonumber(string.sub(v, 3, bar - 1)), ts = string.sub(v, bar + 1) }
end

local function count_type(name, typ, delta)
  local field = typ .. name
  if redis.call('HINCRBY', TYPES, field, delta) <= 0 then redis.call('HDEL', TYPES, field) end
end

local function free_series(gk, digests)
  for i = 1, #digests, DIGEST do
    local d = string.sub(digests, i, i + DIGEST - 1)
    if redis.call('HGET', SERIES, d) == gk then redis.call('HDEL', SERIES, d) end
  end
end

-- A series another group holds already keeps its holder (possible only with the check off).
local function hold_series(gk, digests)
  for i = 1, #digests, DIGEST do
    redis.call('HSETNX', SERIES, string.sub(digests, i, i + DIGEST - 1), gk)
  end
end

local function remove_family(gk, name)
  local tkey, skey = P .. 't:' .. gk, P .. 's:' .. gk
  local t = parse_t(redis.call('HGET', tkey, name))
  if t and t.type then count_type(name, t.type, -1) end
  local s = redis.call('HGET', skey, name)
  if s then free_series(gk, s) end
  redis.call('HDEL', tkey, name)
  redis.call('HDEL', skey, name)
  redis.call('HDEL', P .. 'f:' .. gk, name)
end

local function create_group(gk, gen, labels, sid, pt, pt_ts, ft, ft_ts)
  redis.call('HSET', P .. 'm:' .. gk, 'labels', labels, 'sid', sid, 'pt', pt, 'ptTs', pt_ts, 'ft', ft, 'ftTs', ft_ts)
  redis.call('HSET', SIDS, sid, gk)
  redis.call('ZADD', GROUPS, gen, gk)
end

local function delete_group(gk)
  for _, name in ipairs(redis.call('HKEYS', P .. 't:' .. gk)) do remove_family(gk, name) end
  local meta = P .. 'm:' .. gk
  local sid = redis.call('HGET', meta, 'sid')
  if sid and redis.call('HGET', SIDS, sid) == gk then redis.call('HDEL', SIDS, sid) end
  redis.call('ZREM', GROUPS, gk)
  redis.call('DEL', meta, P .. 'f:' .. gk, P .. 't:' .. gk, P .. 's:' .. gk)
end

-- Appends change number gen (fields: a flat field/value list) to the log,
-- then trims the oldest entries beyond max_entries entries or max_bytes
-- bytes, always keeping the newest one.
local function append(gen, fields, size, max_entries, max_bytes)
  redis.call('XADD', LOG, gen .. '-0', unpack(fields))
  redis.call('RPUSH', LOGSIZES, gen .. ':' .. size)
  local total = redis.call('INCRBY', LOGBYTES, size)
  local count = redis.call('LLEN', LOGSIZES)
  local first = nil
  while count > 1 and (count > max_entries or total > max_bytes) do
    local entry = redis.call('LPOP', LOGSIZES)
    local colon = string.find(entry, ':', 1, true)
    total = redis.call('INCRBY', LOGBYTES, -tonumber(string.sub(entry, colon + 1)))
    first = tonumber(string.sub(entry, 1, colon - 1)) + 1
    count = count - 1
  end
  if first then redis.call('XTRIM', LOG, 'MINID', first .. '-0') end
end
`;
