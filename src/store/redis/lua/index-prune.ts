/** Housekeeping of the scan indexes: members whose key Redis expired natively are dropped. */
import { defineScript } from '../redis-script.js';

/**
 * index-prune-1 — KEYS[1] index:kv or index:hash; ARGV[1] entry key prefix, ARGV[2] cursor (last
 * member seen, '' = start), ARGV[3] batch size. Removes members whose key no longer exists
 * (expired natively and never scanned since).
 * Returns { next cursor ('' = done), removed count }.
 */
export const INDEX_PRUNE = defineScript('index-prune-1', 1, String.raw`
local min = '-'
if ARGV[2] ~= '' then min = '(' .. ARGV[2] end
local limit = tonumber(ARGV[3])
local members = redis.call('ZRANGEBYLEX', KEYS[1], min, '+', 'LIMIT', 0, limit)
local removed = 0
for _, key in ipairs(members) do
  if redis.call('EXISTS', ARGV[1] .. key) == 0 then
    redis.call('ZREM', KEYS[1], key)
    removed = removed + 1
  end
end
local nextCursor = ''
if #members == limit then nextCursor = members[#members] end
return { nextCursor, removed }
`);
