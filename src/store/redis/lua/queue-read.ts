/** Read-only queue scripts: the dispatch snapshot (summarizeQueue) and membership. */
import { defineScript } from '../redis-script.js';
import { PRELUDE } from './prelude.js';
import { QUEUE_MACHINE } from './queue-machine.js';

/**
 * queue-snapshot-4 — KEYS[1] queue:fresh, KEYS[2] queue:tried, KEYS[3] queue:meta,
 * KEYS[4] queue:attempts; ARGV[1] clock. Never-attempted elements are counted, not read.
 * Returns { available, running, waitingForRetry, then id, reservedIp of each running element in
 * FIFO order }.
 */
export const QUEUE_SNAPSHOT = defineScript('queue-snapshot-4', 4, PRELUDE + QUEUE_MACHINE + String.raw`
local now = slimfaasNow(ARGV[1])
local available, running, waiting = redis.call('ZCARD', KEYS[1]), 0, 0
local reservations = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local meta = redis.call('HGET', KEYS[3], id)
  if meta then
    local _, policyText = qmSplitMeta(meta)
    local attempts = qmDecodeAttempts(redis.call('HGET', KEYS[4], id))
    local state = qmState(cjson.decode(policyText), attempts, now)
    if state == 'available' then available = available + 1
    elseif state == 'waiting' then waiting = waiting + 1
    elseif state == 'running' then
      running = running + 1
      reservations[#reservations + 1] = id
      reservations[#reservations + 1] = attempts[#attempts][5]
    end
  end
end
local out = { available, running, waiting }
for _, v in ipairs(reservations) do out[#out + 1] = v end
return out
`);

/**
 * queue-contains-1 — KEYS[1] queue:meta; ARGV ids.
 * Returns { 1|0 per id }.
 */
export const QUEUE_CONTAINS = defineScript('queue-contains-1', 1, String.raw`
local out = {}
for i, id in ipairs(ARGV) do out[i] = redis.call('HEXISTS', KEYS[1], id) end
return out
`);
