/**
 * Hash scripts. A Store hash is the Redis hash at `hash:<key>` whose user fields are stored as
 * `f:<field>` beside the logical whole-hash expiry `x`, with a native expiry as well; a hash left
 * without user fields is deleted. The key is a member of `index:hash` while it exists.
 */
import { defineScript } from '../redis-script.js';
import { PRELUDE } from './prelude.js';

const USER_FIELDS = String.raw`
local function userFieldCount(key)
  local n = redis.call('HLEN', key)
  if redis.call('HEXISTS', key, 'x') == 1 then n = n - 1 end
  return n
end

local function dropHash(key, index, member)
  redis.call('DEL', key)
  redis.call('ZREM', index, member)
end
`;

/**
 * hash-set-2 — KEYS[1] hash, KEYS[2] index:hash; ARGV[1] clock, ARGV[2] key, ARGV[3] ttl ms
 * ('' = none, which removes the expiry), then field, value pairs. An expired hash is dropped first.
 * Returns 1.
 */
export const HASH_SET = defineScript('hash-set-2', 2, PRELUDE + USER_FIELDS + String.raw`
local now, overridden = slimfaasNow(ARGV[1])
if slimfaasExpired(redis.call('HGET', KEYS[1], 'x'), now) then dropHash(KEYS[1], KEYS[2], ARGV[2]) end
for i = 4, #ARGV, 2 do
  redis.call('HSET', KEYS[1], 'f:' .. ARGV[i], ARGV[i + 1])
end
if userFieldCount(KEYS[1]) == 0 then
  dropHash(KEYS[1], KEYS[2], ARGV[2])
  return 1
end
if ARGV[3] ~= '' then
  local ttl = tonumber(ARGV[3])
  redis.call('HSET', KEYS[1], 'x', slimfaasNumber(now + ttl))
  if not slimfaasExpire(KEYS[1], ttl, overridden) then
    redis.call('ZREM', KEYS[2], ARGV[2])
    return 1
  end
else
  redis.call('HDEL', KEYS[1], 'x')
  redis.call('PERSIST', KEYS[1])
end
redis.call('ZADD', KEYS[2], 0, ARGV[2])
return 1
`);

/**
 * hash-delete-2 — KEYS[1] hash, KEYS[2] index:hash; ARGV[1] clock, ARGV[2] key, ARGV[3] field
 * ('' = the whole hash).
 * Returns 1.
 */
export const HASH_DELETE = defineScript('hash-delete-2', 2, PRELUDE + USER_FIELDS + String.raw`
local now = slimfaasNow(ARGV[1])
if ARGV[3] == '' or slimfaasExpired(redis.call('HGET', KEYS[1], 'x'), now) then
  dropHash(KEYS[1], KEYS[2], ARGV[2])
  return 1
end
redis.call('HDEL', KEYS[1], 'f:' .. ARGV[3])
if userFieldCount(KEYS[1]) == 0 then dropHash(KEYS[1], KEYS[2], ARGV[2]) end
return 1
`);

/**
 * hash-get-all-1 — KEYS[1] hash; ARGV[1] clock.
 * Returns { field, value, … } (empty when missing or expired).
 */
export const HASH_GET_ALL = defineScript('hash-get-all-1', 1, PRELUDE + String.raw`
local now = slimfaasNow(ARGV[1])
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  local name = all[i]
  if name == 'x' then
    if slimfaasExpired(all[i + 1], now) then return {} end
  elseif string.sub(name, 1, 2) == 'f:' then
    out[#out + 1] = string.sub(name, 3)
    out[#out + 1] = all[i + 1]
  end
end
return out
`);

/**
 * hash-scan-1 — KEYS[1] index:hash; ARGV[1] clock, ARGV[2] key prefix, ARGV[3] hash key prefix
 * (`{slimfaas:<ns>}:hash:`). Index members whose hash expired natively are removed.
 * Returns { key, expiry text ('' = none), … } of live hashes in key byte order.
 */
export const HASH_SCAN = defineScript('hash-scan-1', 1, PRELUDE + String.raw`
local now = slimfaasNow(ARGV[1])
local members
if ARGV[2] == '' then
  members = redis.call('ZRANGEBYLEX', KEYS[1], '-', '+')
else
  members = redis.call('ZRANGEBYLEX', KEYS[1], '[' .. ARGV[2], '(' .. ARGV[2] .. string.char(255))
end
local out = {}
for _, key in ipairs(members) do
  local expiry = redis.call('HGET', ARGV[3] .. key, 'x')
  if redis.call('EXISTS', ARGV[3] .. key) == 0 then
    redis.call('ZREM', KEYS[1], key)
  elseif not slimfaasExpired(expiry, now) then
    out[#out + 1] = key
    out[#out + 1] = expiry or ''
  end
end
return out
`);
