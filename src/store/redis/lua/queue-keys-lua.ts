/** Lua that binds a queue script's KEYS to the named queue structures of queue-machine.ts. */

/** KEYS[1..5] = fresh, tried, meta, body, attempts; KEYS[6] = index:queues. */
export const QUEUE_KEYS = String.raw`
local Q = { fresh = KEYS[1], tried = KEYS[2], meta = KEYS[3], body = KEYS[4], attempts = KEYS[5] }
local QUEUE_INDEX = KEYS[6]
`;

/**
 * Leader-only transitions take the lease as KEYS[7] and the caller's fencing token: a non-empty
 * token that is not the lease's value means another node leads now, and nothing is written.
 */
export const FENCE_CHECK = String.raw`
local function slimfaasFenced(token)
  return token ~= '' and redis.call('GET', KEYS[7]) ~= token
end
`;
