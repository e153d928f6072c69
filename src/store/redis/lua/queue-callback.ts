/**
 * The callback transition (planCallback): closes the last attempt of each known id with its code
 * (in order), removes elements that become finished; code 1000 removes unconditionally; unknown
 * ids and never-attempted elements are ignored.
 */
import { defineScript } from '../redis-script.js';
import { PRELUDE } from './prelude.js';
import { FENCE_CHECK, QUEUE_KEYS } from './queue-keys-lua.js';
import { QUEUE_MACHINE } from './queue-machine.js';

/**
 * queue-callback-7 — KEYS[1..6] queue:fresh, queue:tried, queue:meta, queue:body, queue:attempts,
 * index:queues, KEYS[7] leader lease; ARGV[1] clock, ARGV[2] queue key, ARGV[3] change channel,
 * ARGV[4] origin, ARGV[5] fencing token ('' = not fenced), ARGV[6..] id, httpCode pairs.
 * Returns 0|1 (changed), or the error SLIMFAAS_FENCED.
 * Returns 1 when an element changed or was removed (and published), else 0.
 */
export const QUEUE_CALLBACK = defineScript('queue-callback-7', 7, PRELUDE + QUEUE_MACHINE + QUEUE_KEYS + FENCE_CHECK + String.raw`
if slimfaasFenced(ARGV[5]) then return redis.error_reply('SLIMFAAS_FENCED') end
local now = slimfaasNow(ARGV[1])
local changed, order, removed = {}, {}, {}
local anyRemoved = false
for i = 6, #ARGV, 2 do
  local id, code = ARGV[i], tonumber(ARGV[i + 1])
  if not removed[id] then
    local meta = redis.call('HGET', Q.meta, id)
    if meta then
      if code == QUEUE_DELETE_CODE then
        changed[id] = nil
        removed[id] = true
        anyRemoved = true
      else
        local attempts = changed[id] or qmDecodeAttempts(redis.call('HGET', Q.attempts, id))
        if #attempts > 0 then
          local _, policyText = qmSplitMeta(meta)
          local closed = qmCloseLast(attempts, now, code)
          if qmState(cjson.decode(policyText), closed, now) == 'finished' then
            changed[id] = nil
            removed[id] = true
            anyRemoved = true
          else
            if not changed[id] then order[#order + 1] = id end
            changed[id] = closed
          end
        end
      end
    end
  end
end

local changedAny = anyRemoved
for id in pairs(removed) do qmRemove(Q, id) end
for _, id in ipairs(order) do
  if changed[id] then
    changedAny = true
    redis.call('HSET', Q.attempts, id, qmEncodeAttempts(changed[id]))
  end
end
if changedAny then qmCommit(Q, QUEUE_INDEX, ARGV[2], ARGV[3], ARGV[4]) end
return changedAny and 1 or 0
`);
