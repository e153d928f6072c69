/**
 * The pop transition (planPop): closes timed-out attempts with 504, removes finished elements,
 * then replays the transaction's running elements or opens an attempt on up to `count` available
 * elements in FIFO order. Only the first `count` never-attempted elements are read.
 */
import { defineScript } from '../redis-script.js';
import { PRELUDE } from './prelude.js';
import { FENCE_CHECK, QUEUE_KEYS } from './queue-keys-lua.js';
import { QUEUE_MACHINE } from './queue-machine.js';

/**
 * queue-pop-7 — KEYS[1..6] queue:fresh, queue:tried, queue:meta, queue:body, queue:attempts,
 * index:queues, KEYS[7] leader lease; ARGV[1] clock, ARGV[2] queue key, ARGV[3] transaction id,
 * ARGV[4] count (integer >= 0), ARGV[5] change channel, ARGV[6] origin, ARGV[7] fencing token
 * ('' = not fenced), ARGV[8..] reserved IPs.
 * Returns { changed 0|1, then per element taken: id, payload, insertedAtMs text, policy JSON,
 * attempts JSON }, or the error SLIMFAAS_FENCED.
 */
export const QUEUE_POP = defineScript('queue-pop-7', 7, PRELUDE + QUEUE_MACHINE + QUEUE_KEYS + FENCE_CHECK + String.raw`
if slimfaasFenced(ARGV[7]) then return redis.error_reply('SLIMFAAS_FENCED') end
local now = slimfaasNow(ARGV[1])
local queueKey, txn, limit = ARGV[2], ARGV[3], tonumber(ARGV[4])

local tried = redis.call('ZRANGE', Q.tried, 0, -1, 'WITHSCORES')
local fresh = {}
if limit > 0 then fresh = redis.call('ZRANGE', Q.fresh, 0, limit - 1, 'WITHSCORES') end

-- Both sets in seq order: merge them into one FIFO list.
local entries = {}
local i, j = 1, 1
while i <= #tried or j <= #fresh do
  local fromTried
  if i > #tried then fromTried = false
  elseif j > #fresh then fromTried = true
  else fromTried = tonumber(tried[i + 1]) < tonumber(fresh[j + 1]) end
  if fromTried then
    entries[#entries + 1] = { id = tried[i], seq = tried[i + 1], fresh = false }
    i = i + 2
  else
    entries[#entries + 1] = { id = fresh[j], seq = fresh[j + 1], fresh = true }
    j = j + 2
  end
end

local changedAny = false
local kept = {}
for _, e in ipairs(entries) do
  local meta = redis.call('HGET', Q.meta, e.id)
  if not meta then
    qmRemove(Q, e.id)
    changedAny = true
  else
    local inserted, policyText = qmSplitMeta(meta)
    e.inserted, e.policyText = inserted, policyText
    e.policy = cjson.decode(policyText)
    e.attempts = {}
    if not e.fresh then e.attempts = qmDecodeAttempts(redis.call('HGET', Q.attempts, e.id)) end
    local closed = qmCloseTimedOut(e.policy, e.attempts, now)
    local current = closed or e.attempts
    if qmState(e.policy, current, now) == 'finished' then
      qmRemove(Q, e.id)
      changedAny = true
    else
      if closed then
        e.attempts = closed
        e.changed = true
      end
      kept[#kept + 1] = e
    end
  end
end

local replay = false
if txn ~= '' then
  for _, e in ipairs(kept) do
    if qmLastTxn(e.attempts) == txn then
      replay = true
      break
    end
  end
end

local taken = {}
if replay then
  for _, e in ipairs(kept) do
    if qmLastTxn(e.attempts) == txn and qmState(e.policy, e.attempts, now) == 'running' then
      taken[#taken + 1] = e
    end
  end
else
  for _, e in ipairs(kept) do
    if #taken >= limit then break end
    if qmState(e.policy, e.attempts, now) == 'available' then
      e.attempts = qmOpen(e.attempts, now, txn, ARGV[8 + #taken] or '')
      e.changed = true
      taken[#taken + 1] = e
    end
  end
end

for _, e in ipairs(kept) do
  if e.changed then
    changedAny = true
    redis.call('HSET', Q.attempts, e.id, qmEncodeAttempts(e.attempts))
    if e.fresh then
      redis.call('ZREM', Q.fresh, e.id)
      redis.call('ZADD', Q.tried, e.seq, e.id)
    end
  end
end
if changedAny then qmCommit(Q, QUEUE_INDEX, queueKey, ARGV[5], ARGV[6]) end

local out = { changedAny and 1 or 0 }
for _, e in ipairs(taken) do
  out[#out + 1] = e.id
  out[#out + 1] = redis.call('HGET', Q.body, e.id) or ''
  out[#out + 1] = e.inserted
  out[#out + 1] = e.policyText
  out[#out + 1] = qmEncodeAttempts(e.attempts)
end
return out
`);
