/** Lua that binds a queue script's KEYS to the named queue structures of queue-machine.ts. */

/** KEYS[1..5] = fresh, tried, meta, body, attempts; KEYS[6] = index:queues. */
export const QUEUE_KEYS = String.raw`
local Q = { fresh = KEYS[1], tried = KEYS[2], meta = KEYS[3], body = KEYS[4], attempts = KEYS[5] }
local QUEUE_INDEX = KEYS[6]
`;
