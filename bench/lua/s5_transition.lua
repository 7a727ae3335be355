-- S5: POST /api/v1/orders/{id}/paid on random orders of the second half of the targets (S6 reads
-- the first half, whose versions therefore stay as seeded). Seeded orders are `created`, so this is
-- a real transition; with ~1M orders a repeat (a no-op 200) is rare.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local targets = common.load_targets(os.getenv("TARGETS"))
setup = common.setup
done = common.done
local half = math.floor(#targets / 2)

init = function()
  math.randomseed(os.time() + (thread_index or 0) * 104729)
end

request = function()
  local t = targets[half + math.random(#targets - half)]
  return wrk.format("POST", "/api/v1/orders/" .. t.id .. "/paid",
    { ["Authorization"] = t.auth, ["Content-Type"] = "application/json" }, '{"paymentReference":"bench"}')
end
