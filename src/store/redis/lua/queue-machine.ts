/**
 * Lua port of the pure queue state machine (src/queue/queue-state.ts), line by line: element
 * state, closing and opening attempts. An attempt is { startMs, endMs, httpCode, txn, ip }.
 */

export const QUEUE_MACHINE = String.raw`
local QUEUE_DELETE_CODE = 1000
local TIMEOUT_HTTP_CODE = 504

-- "<insertedAtMs>|<policy JSON>" -> inserted text, policy text
local function qmSplitMeta(text)
  local bar = string.find(text, '|', 1, true)
  return string.sub(text, 1, bar - 1), string.sub(text, bar + 1)
end

local function qmDecodeAttempts(text)
  if not text then return {} end
  return cjson.decode(text)
end

local function qmEncodeAttempts(attempts)
  local parts = {}
  for i, a in ipairs(attempts) do
    parts[i] = '[' .. slimfaasNumber(a[1]) .. ',' .. slimfaasNumber(a[2]) .. ',' .. slimfaasNumber(a[3]) .. ','
      .. cjson.encode(a[4]) .. ',' .. cjson.encode(a[5]) .. ']'
  end
  return '[' .. table.concat(parts, ',') .. ']'
end

local function qmIsTimedOut(attempt, policy, now)
  return attempt[2] == 0 and attempt[1] + policy.httpTimeoutSeconds * 1000 <= now
end

local function qmIncludes(list, value)
  for _, v in ipairs(list) do
    if v == value then return true end
  end
  return false
end

local function qmState(policy, attempts, now)
  local n = #attempts
  if n == 0 then return 'available' end
  local last = attempts[n]
  local ended = last[2] ~= 0
  local timedOut = qmIsTimedOut(last, policy, now)
  if not ended and not timedOut then return 'running' end
  local retries = policy.timeoutRetriesSeconds
  if ended and not qmIncludes(policy.httpStatusRetries, last[3]) then return 'finished' end
  if #retries == 0 or n > #retries then return 'finished' end
  local delayMs = retries[n] * 1000
  local delayStart
  if ended then delayStart = last[2] else delayStart = last[1] + policy.httpTimeoutSeconds * 1000 end
  if now - delayStart <= delayMs then return 'waiting' end
  return 'available'
end

local function qmCloseLast(attempts, now, code)
  local n = #attempts
  if n == 0 then return attempts end
  local copy = {}
  for i = 1, n - 1 do copy[i] = attempts[i] end
  local last = attempts[n]
  copy[n] = { last[1], now, code, last[4], last[5] }
  return copy
end

local function qmCloseTimedOut(policy, attempts, now)
  local last = attempts[#attempts]
  if not last or not qmIsTimedOut(last, policy, now) then return nil end
  return qmCloseLast(attempts, now, TIMEOUT_HTTP_CODE)
end

local function qmOpen(attempts, now, txn, ip)
  local copy = {}
  for i = 1, #attempts do copy[i] = attempts[i] end
  copy[#attempts + 1] = { now, 0, 0, txn, ip }
  return copy
end

local function qmLastTxn(attempts)
  local last = attempts[#attempts]
  if last then return last[4] end
  return nil
end

-- Removes an element from every structure of its queue.
local function qmRemove(keys, id)
  redis.call('ZREM', keys.fresh, id)
  redis.call('ZREM', keys.tried, id)
  redis.call('HDEL', keys.meta, id)
  redis.call('HDEL', keys.body, id)
  redis.call('HDEL', keys.attempts, id)
end

-- Drops the queue from the index once it holds nothing; signals other nodes.
local function qmCommit(keys, queueIndex, queueKey, channel, origin)
  if redis.call('ZCARD', keys.fresh) + redis.call('ZCARD', keys.tried) == 0 then
    redis.call('ZREM', queueIndex, queueKey)
  end
  redis.call('PUBLISH', channel, origin .. '\n' .. queueKey)
end
`;
