"""The Lua scripts that make multi-step Redis updates atomic: one round trip, no interleaving.

Kept as data apart from the Python that calls them; each says what its KEYS and ARGV are.
"""

from __future__ import annotations

# KEYS: analysis key, hits counter, misses counter
# ARGV: analysis key space (prefix to resolve an alias), counters TTL
GET_ANALYSIS = """
local blob = redis.call('GET', KEYS[1])
if blob and string.sub(blob, 1, 1) == '@' then
  blob = redis.call('GET', ARGV[1] .. string.sub(blob, 2))
end
local counter = KEYS[3]
if blob then counter = KEYS[2] end
redis.call('INCR', counter)
redis.call('EXPIRE', counter, ARGV[2])
return blob
"""

# KEYS: user window (sorted set), team window
# ARGV: now (ms), window (ms), user limit, team limit, unique member for this request
# Returns {0, 0} when allowed, else {1 (user) or 2 (team), milliseconds until a slot frees}.
ALLOW = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limits = {tonumber(ARGV[3]), tonumber(ARGV[4])}
for i = 1, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  if redis.call('ZCARD', KEYS[i]) >= limits[i] then
    local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
    local wait = window
    if oldest[2] then wait = tonumber(oldest[2]) + window - now end
    return {i, wait}
  end
end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[i], window)
end
return {0, 0}
"""
