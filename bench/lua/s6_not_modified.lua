-- S6: conditional GET of the status projection with the order's current ETag → 304. Uses the targets
-- that are not `created`, which S5 never changes, so the seeded version is the current one.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local targets = common.load_targets(os.getenv("TARGETS"))
setup = common.setup
done = common.done
local settled = {}
for i = 1, #targets do
  if targets[i].status ~= "created" then settled[#settled + 1] = targets[i] end
end
assert(#settled > 0, "no targets outside `created`")

request = function()
  local t = settled[math.random(#settled)]
  return wrk.format("GET", "/api/v1/orders/" .. t.id .. "/status",
    { ["Authorization"] = t.auth, ["If-None-Match"] = '"' .. t.version .. '"' })
end
