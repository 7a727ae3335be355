-- S6: conditional GET of the status projection with the order's current ETag → 304. Uses the first
-- half of the targets, which S5 never changes, so the seeded version is the current one.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local targets = common.load_targets(os.getenv("TARGETS"))
setup = common.setup
done = common.done
local half = math.max(1, math.floor(#targets / 2))

request = function()
  local t = targets[math.random(half)]
  return wrk.format("GET", "/api/v1/orders/" .. t.id .. "/status",
    { ["Authorization"] = t.auth, ["If-None-Match"] = '"' .. t.version .. '"' })
end
