/**
 * Lua shared by every script: the store clock (Redis `TIME`, or the caller's fixed clock in
 * ARGV[1] when it is not empty), exact number text, and native expiry.
 */

/** Native expiry added to a TTL while the clock is overridden (the fake clock is not server time). */
export const OVERRIDE_NATIVE_TTL_SLACK_MS = 600_000;

export const PRELUDE = String.raw`
pcall(function() if redis.replicate_commands then redis.replicate_commands() end end)

-- Store clock in unix ms and whether it is overridden.
local function slimfaasNow(override)
  if override ~= '' then return tonumber(override), true end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), false
end

-- Exact decimal text of a double (integers print without exponent).
local function slimfaasNumber(n)
  return string.format('%.17g', n)
end

-- Native expiry of a key whose logical expiry is now + ttl; false when the key is already gone.
local function slimfaasExpire(key, ttl, overridden)
  local ms = math.ceil(ttl)
  if overridden then ms = ms + ${OVERRIDE_NATIVE_TTL_SLACK_MS} end
  if ms <= 0 then
    redis.call('DEL', key)
    return false
  end
  redis.call('PEXPIRE', key, ms)
  return true
end

-- A logical expiry text (false = none) is reached at now.
local function slimfaasExpired(expiry, now)
  return expiry and tonumber(expiry) <= now
end
`;
