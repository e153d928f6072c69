/** The push transition: appends a never-attempted element unless its id is already queued. */
import { defineScript } from '../redis-script.js';
import { PRELUDE } from './prelude.js';

/**
 * queue-push-5 — KEYS[1] queue:fresh, KEYS[2] queue:meta, KEYS[3] queue:body, KEYS[4] queue:seq,
 * KEYS[5] index:queues; ARGV[1] clock, ARGV[2] queue key, ARGV[3] id, ARGV[4] payload,
 * ARGV[5] policy JSON, ARGV[6] change channel, ARGV[7] origin.
 * Returns 1 when added (and published), 0 when the id is already in the queue.
 */
export const QUEUE_PUSH = defineScript('queue-push-5', 5, PRELUDE + String.raw`
local now = slimfaasNow(ARGV[1])
if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then return 0 end
local seq = redis.call('INCR', KEYS[4])
redis.call('ZADD', KEYS[1], seq, ARGV[3])
redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
redis.call('HSET', KEYS[2], ARGV[3], slimfaasNumber(now) .. '|' .. ARGV[5])
redis.call('ZADD', KEYS[5], 0, ARGV[2])
redis.call('PUBLISH', ARGV[6], ARGV[7] .. '\n' .. ARGV[2])
return 1
`);
