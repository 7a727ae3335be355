-- S1: GET /api/v1/orders/{id}/status for random existing orders.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local targets = common.load_targets(os.getenv("TARGETS"))
setup = common.setup
done = common.done

request = function()
  local t = targets[math.random(#targets)]
  return wrk.format("GET", "/api/v1/orders/" .. t.id .. "/status", { ["Authorization"] = t.auth })
end
