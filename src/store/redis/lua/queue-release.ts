/**
 * The release transition run by a node that has just taken the leader lease: the attempts still
 * open were started by a leader that is gone (its callbacks are fenced now), so each one is
 * dropped as if never made and the element is dispatched again (at least once, never lost).
 */
import { defineScript } from '../redis-script.js';
import { PRELUDE } from './prelude.js';
import { FENCE_CHECK, QUEUE_KEYS } from './queue-keys-lua.js';
import { QUEUE_MACHINE } from './queue-machine.js';

/**
 * queue-release-7 — KEYS[1..6] queue:fresh, queue:tried, queue:meta, queue:body, queue:attempts,
 * index:queues, KEYS[7] leader lease; ARGV[1] queue key, ARGV[2] change channel, ARGV[3] origin,
 * ARGV[4] fencing token ('' = not fenced).
 * Returns the number of attempts released, or the error SLIMFAAS_FENCED.
 */
export const QUEUE_RELEASE = defineScript('queue-release-7', 7, PRELUDE + QUEUE_MACHINE + QUEUE_KEYS + FENCE_CHECK + String.raw`
if slimfaasFenced(ARGV[4]) then return redis.error_reply('SLIMFAAS_FENCED') end
local released = 0
local tried = redis.call('ZRANGE', Q.tried, 0, -1)
for _, id in ipairs(tried) do
  local attempts = qmDecodeAttempts(redis.call('HGET', Q.attempts, id))
  local n = #attempts
  if n > 0 and attempts[n][2] == 0 then
    attempts[n] = nil
    redis.call('HSET', Q.attempts, id, qmEncodeAttempts(attempts))
    released = released + 1
  end
end
if released > 0 then qmCommit(Q, QUEUE_INDEX, ARGV[1], ARGV[2], ARGV[3]) end
return released
`);
