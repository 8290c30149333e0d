import { LUA_LIBRARY } from './library.js';

/**
 * PUT and POST: checks a push against the store and applies it, or records
 * the refusal as the group's failure time, in one atomic step.
 *
 * Node has done everything that depends on the push alone (sanitising,
 * per-metric problems, series digests, encoding) and sends, after the
 * prefix: ARGV[2] the group key, ARGV[3] a JSON header, ARGV[4] the time
 * ('' = Redis's clock), then three arguments per family of `header.fams`:
 * per-metric flags ('1' = the metric has a problem of its own), the series
 * digests (16 bytes per metric), the family as a delimited protobuf message.
 *
 * The header: `labels` (grouping labels as JSON), `sid` (series id key of
 * the group's gauges), `replace` (PUT), `ttl` ('' = none), `check` (the
 * consistency check is on), `gaugeBad` (the group's gauges would have
 * invalid labels), `timestamps` (the push has timestamps), `maxEntries` and
 * `maxBytes` (log limits), `maxGroups` (0 = no bound on the number of
 * groups), and `fams`: per family `n` name, `t` type number,
 * `e` empty, `np` invalid name, `op` type other than the gateway's own
 * family of that name, `own` the own family types of the names the checks
 * may ask about (the name, its suffixed and unsuffixed forms).
 *
 * The check is the consistency check of `consistency-check.ts` on the
 * Redis indexes, looking up only the names and series of the push. It
 * answers problem references, in Go's order, that Node turns into Go's
 * messages: {'gauge'} the gauges' labels, {'gsid'} another group has the
 * gauges' series, {'ts'} timestamps, {'name', i} / {'own', i} a family's
 * name or own type, {'sfx', i, variant, suffix} a suffix collision,
 * {'self', i, m} a metric's own problem, {'type', i, m, type} a type other
 * groups disagree with, {'dup', i, m} a series already collected.
 *
 * Returns {'ok' | 'refused', gen (0 when nothing was recorded), time, epoch,
 * refs}, or {'full', 0, time, epoch, {{groups}}} when the push would create
 * a group beyond `maxGroups` (then nothing is recorded).
 */
export const PUSH_SCRIPT = `${LUA_LIBRARY}
local gk = ARGV[2]
local h = cjson.decode(ARGV[3])
local time = ARGV[4]
if time == '' then time = now_ms() end
local e = epoch()
local meta, tkey, skey, fkey = P .. 'm:' .. gk, P .. 't:' .. gk, P .. 's:' .. gk, P .. 'f:' .. gk
local exists = redis.call('EXISTS', meta) == 1
local fams = h.fams
local refs = {}

if not exists and h.maxGroups > 0 then
  local count = redis.call('ZCARD', GROUPS)
  if count >= h.maxGroups then return {'full', 0, time, e, {{count}}} end
end

local creatable = exists
if not exists then
  if h.gaugeBad then
    refs[#refs + 1] = {'gauge'}
  elseif redis.call('HEXISTS', SIDS, h.sid) == 1 then
    refs[#refs + 1] = {'gsid'}
  else
    creatable = true
  end
end

local current_cache = {}
local function current(name)
  local c = current_cache[name]
  if c == nil then
    c = parse_t(redis.call('HGET', tkey, name)) or false
    current_cache[name] = c
  end
  if c then return c end
  return nil
end
local function current_type(name)
  local c = current(name)
  if c then return c.type end
  return nil
end

-- Types of the non-empty families other groups hold under name.
local others_cache = {}
local function other_types(name)
  local cached = others_cache[name]
  if cached then return cached end
  local counts = redis.call('HMGET', TYPES, '0' .. name, '1' .. name, '2' .. name, '3' .. name, '4' .. name, '5' .. name)
  local mine = current_type(name)
  local types = {}
  for i = 1, 6 do
    local n = tonumber(counts[i]) or 0
    if mine == i - 1 then n = n - 1 end
    if n > 0 then types[#types + 1] = i - 1 end
  end
  others_cache[name] = types
  return types
end

local pushed = {}
for _, f in ipairs(fams) do pushed[f.n] = true end
local accepted = {}

-- Types name has in the store as the push leaves it, so far.
local function types_of(x, own)
  local o = own[x]
  if o then return {o} end
  local a = accepted[x]
  if a then return {a} end
  if not h.replace and not pushed[x] then
    local c = current_type(x)
    if c then return {c} end
  end
  return other_types(x)
end

local SUMMARY, HISTOGRAM, GAUGE_HISTOGRAM = 2, 4, 5
local function is_histogram(t) return t == HISTOGRAM or t == GAUGE_HISTOGRAM end
local function is_summary(t) return t == SUMMARY end
local function any(list, pred)
  for _, t in ipairs(list) do if pred(t) then return true end end
  return false
end

local function suffix_collision(i, f)
  local name = f.n
  for _, sfx in ipairs({'_count', '_sum', '_bucket'}) do
    if #name >= #sfx and string.sub(name, -#sfx) == sfx then
      local base_types = types_of(string.sub(name, 1, #name - #sfx), f.own)
      if sfx ~= '_bucket' and any(base_types, is_summary) then return {'sfx', i, 1, sfx} end
      if any(base_types, is_histogram) then return {'sfx', i, 2, sfx} end
    end
  end
  if f.t == SUMMARY or is_histogram(f.t) then
    for _, sfx in ipairs({'_count', '_sum'}) do
      if #types_of(name .. sfx, f.own) > 0 then return {'sfx', i, 3, sfx} end
    end
  end
  if is_histogram(f.t) and #types_of(name .. '_bucket', f.own) > 0 then return {'sfx', i, 4, '_bucket'} end
  return nil
end

if h.timestamps then
  refs = {{'ts'}}
else
  local seen = {}
  for i, f in ipairs(fams) do
    local base = 4 + (i - 1) * 3
    if f.e then
      -- Never exposed, so never a problem.
    elseif f.np then
      refs[#refs + 1] = {'name', i}
    elseif h.check and f.op then
      refs[#refs + 1] = {'own', i}
    else
      local problem = nil
      if h.check and f.own[f.n] == nil and #types_of(f.n, f.own) == 0 then problem = suffix_collision(i, f) end
      if problem then
        refs[#refs + 1] = problem
      else
        local other = nil
        local same = false
        local flags, digests = ARGV[base + 1], ARGV[base + 2]
        if h.check then
          for _, t in ipairs(other_types(f.n)) do
            if t ~= f.t then other = t break end
          end
          -- The group re-pushing the series it holds: they are its own, no need to look them up.
          local c = current(f.n)
          same = c ~= nil and c.type == f.t and (redis.call('HGET', skey, f.n) or '') == digests
        end
        for m = 1, #flags do
          if string.byte(flags, m) == 49 then
            refs[#refs + 1] = {'self', i, m}
          elseif other then
            refs[#refs + 1] = {'type', i, m, other}
          elseif not same then
            local d = string.sub(digests, (m - 1) * DIGEST + 1, m * DIGEST)
            local holder = false
            if h.check then holder = redis.call('HGET', SERIES, d) end
            if seen[d] or (holder and holder ~= gk) then
              refs[#refs + 1] = {'dup', i, m}
            else
              seen[d] = true
            end
          end
        end
        accepted[f.n] = f.t
      end
    end
  end
end

if #refs > 0 then
  if not creatable then return {'refused', 0, time, e, refs} end
  local gen = redis.call('INCR', GEN)
  if exists then
    redis.call('HSET', meta, 'ft', time, 'ftTs', time)
  else
    create_group(gk, gen, h.labels, h.sid, '0', time, time, time)
  end
  append(gen, {'k', 'f', 't', time, 'l', h.labels}, #h.labels + 64, h.maxEntries, h.maxBytes)
  return {'refused', gen, time, e, refs}
end

local gen = redis.call('INCR', GEN)
if exists then
  redis.call('HSET', meta, 'pt', time, 'ptTs', time)
else
  create_group(gk, gen, h.labels, h.sid, time, time, '0', time)
end
if h.ttl ~= '' then redis.call('HSET', meta, 'ttl', h.ttl) else redis.call('HDEL', meta, 'ttl') end
if h.replace then
  for _, name in ipairs(redis.call('HKEYS', tkey)) do
    if not pushed[name] then remove_family(gk, name) end
  end
end
local body = {}
for i, f in ipairs(fams) do
  local base = 4 + (i - 1) * 3
  local digests, payload = ARGV[base + 2], ARGV[base + 3]
  local c = current(f.n)
  if c and c.type then count_type(f.n, c.type, -1) end
  if f.e then
    redis.call('HSET', tkey, f.n, '-|0|' .. time)
  else
    count_type(f.n, f.t, 1)
    local since = gen
    if c and c.type then since = c.since end
    redis.call('HSET', tkey, f.n, f.t .. '|' .. since .. '|' .. time)
  end
  redis.call('HSET', fkey, f.n, payload)
  local old = redis.call('HGET', skey, f.n) or ''
  if old ~= digests then
    free_series(gk, old)
    hold_series(gk, digests)
    if digests == '' then redis.call('HDEL', skey, f.n) else redis.call('HSET', skey, f.n, digests) end
  end
  body[#body + 1] = payload
end
local blob = table.concat(body)
local replace = '0'
if h.replace then replace = '1' end
append(gen, {'k', 'w', 't', time, 'l', h.labels, 'r', replace, 'ttl', h.ttl, 'b', blob},
  #blob + #h.labels + 64, h.maxEntries, h.maxBytes)
return {'ok', gen, time, e, {}}
`;
