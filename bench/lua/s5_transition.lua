-- S5: POST /api/v1/orders/{id}/paid on random `created` orders of the second half of the targets
-- (S6 reads the first half, whose versions therefore stay as seeded). With tens of thousands of
-- candidates a repeat (a no-op 200) is rare.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local targets = common.load_targets(os.getenv("TARGETS"))
setup = common.setup
done = common.done
-- Created orders of the second half only: a real transition each time.
local created = {}
for i = math.floor(#targets / 2) + 1, #targets do
  if targets[i].status == "created" then created[#created + 1] = targets[i] end
end
assert(#created > 0, "no created orders among the targets")

init = function()
  math.randomseed(os.time() + (thread_index or 0) * 104729)
end

request = function()
  local t = created[math.random(#created)]
  return wrk.format("POST", "/api/v1/orders/" .. t.id .. "/paid",
    { ["Authorization"] = t.auth, ["Content-Type"] = "application/json" }, '{"paymentReference":"bench"}')
end
