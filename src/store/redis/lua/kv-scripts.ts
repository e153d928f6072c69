/**
 * Key/value scripts. An entry is the hash {v: value, x?: logical expiry ms} at `kv:<key>` with a
 * native expiry as well; reads hide an entry whose logical expiry is reached. The key is a member
 * of `index:kv` while it exists.
 */
import { defineScript } from '../redis-script.js';
import { PRELUDE } from './prelude.js';

/**
 * kv-get-1 — KEYS[1] entry; ARGV[1] clock.
 * Returns the value, or nil when missing or expired.
 */
export const KV_GET = defineScript('kv-get-1', 1, PRELUDE + String.raw`
local now = slimfaasNow(ARGV[1])
local e = redis.call('HMGET', KEYS[1], 'v', 'x')
if not e[1] or slimfaasExpired(e[2], now) then return false end
return e[1]
`);

/**
 * kv-set-2 — KEYS[1] entry, KEYS[2] index:kv; ARGV[1] clock, ARGV[2] key, ARGV[3] value,
 * ARGV[4] ttl ms ('' = none, which removes a previous TTL).
 * Returns 1.
 */
export const KV_SET = defineScript('kv-set-2', 2, PRELUDE + String.raw`
local now, overridden = slimfaasNow(ARGV[1])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', ARGV[3])
if ARGV[4] ~= '' then
  local ttl = tonumber(ARGV[4])
  redis.call('HSET', KEYS[1], 'x', slimfaasNumber(now + ttl))
  if not slimfaasExpire(KEYS[1], ttl, overridden) then
    redis.call('ZREM', KEYS[2], ARGV[2])
    return 1
  end
end
redis.call('ZADD', KEYS[2], 0, ARGV[2])
return 1
`);

/**
 * kv-delete-2 — KEYS[1] entry, KEYS[2] index:kv; ARGV[1] key.
 * Returns 1.
 */
export const KV_DELETE = defineScript('kv-delete-2', 2, String.raw`
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`);

/**
 * kv-read-1 — KEYS[1] entry; ARGV[1] clock. The raw state a counter update starts from.
 * Returns { value | nil, expiry text | nil, now text }.
 */
export const KV_READ = defineScript('kv-read-1', 1, PRELUDE + String.raw`
local now = slimfaasNow(ARGV[1])
local e = redis.call('HMGET', KEYS[1], 'v', 'x')
return { e[1], e[2], slimfaasNumber(now) }
`);

/**
 * kv-swap-2 — compare-and-set of a counter. KEYS[1] entry, KEYS[2] index:kv; ARGV[1] clock,
 * ARGV[2] key, ARGV[3] '1'|'0' (entry existed at the read), ARGV[4] value read, ARGV[5] expiry
 * read ('' = none), ARGV[6] new value, ARGV[7] mode: 'ttl' (expiry = now + ARGV[8]), 'keep'
 * (the entry was live: keep its expiry) or 'none' (remove any expiry).
 * Returns 1 when written, 0 when the entry changed since the read (or expired, for 'keep').
 */
export const KV_SWAP = defineScript('kv-swap-2', 2, PRELUDE + String.raw`
local now, overridden = slimfaasNow(ARGV[1])
local e = redis.call('HMGET', KEYS[1], 'v', 'x')
local exists = '0'
if e[1] then exists = '1' end
if exists ~= ARGV[3] then return 0 end
if exists == '1' and (e[1] ~= ARGV[4] or (e[2] or '') ~= ARGV[5]) then return 0 end
local mode = ARGV[7]
if mode == 'keep' and slimfaasExpired(e[2], now) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[6])
if mode == 'ttl' then
  local ttl = tonumber(ARGV[8])
  redis.call('HSET', KEYS[1], 'x', slimfaasNumber(now + ttl))
  if not slimfaasExpire(KEYS[1], ttl, overridden) then
    redis.call('ZREM', KEYS[2], ARGV[2])
    return 1
  end
elseif mode == 'none' then
  redis.call('HDEL', KEYS[1], 'x')
  redis.call('PERSIST', KEYS[1])
end
redis.call('ZADD', KEYS[2], 0, ARGV[2])
return 1
`);

/**
 * kv-scan-1 — KEYS[1] index:kv; ARGV[1] clock, ARGV[2] key prefix, ARGV[3] entry key prefix
 * (`{slimfaas:<ns>}:kv:`; entries are in the index's slot). Index members whose entry expired
 * natively are removed.
 * Returns { key, expiry text ('' = none), … } of live entries in key byte order.
 */
export const KV_SCAN = defineScript('kv-scan-1', 1, PRELUDE + String.raw`
local now = slimfaasNow(ARGV[1])
local members
if ARGV[2] == '' then
  members = redis.call('ZRANGEBYLEX', KEYS[1], '-', '+')
else
  members = redis.call('ZRANGEBYLEX', KEYS[1], '[' .. ARGV[2], '(' .. ARGV[2] .. string.char(255))
end
local out = {}
for _, key in ipairs(members) do
  local e = redis.call('HMGET', ARGV[3] .. key, 'v', 'x')
  if not e[1] then
    redis.call('ZREM', KEYS[1], key)
  elseif not slimfaasExpired(e[2], now) then
    out[#out + 1] = key
    out[#out + 1] = e[2] or ''
  end
end
return out
`);
