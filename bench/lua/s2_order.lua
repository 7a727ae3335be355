-- S2: GET /api/v1/orders/{id} (the whole order: items, trackings, addresses) for random orders.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local targets = common.load_targets(os.getenv("TARGETS"))
setup = common.setup
done = common.done

request = function()
  local t = targets[math.random(#targets)]
  return wrk.format("GET", "/api/v1/orders/" .. t.id, { ["Authorization"] = t.auth })
end
