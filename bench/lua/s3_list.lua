-- S3: the first keyset page of a random merchant's orders in a random status, 50 per page.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local targets = common.load_targets(os.getenv("TARGETS"))
setup = common.setup
done = common.done
local statuses = { "created", "paid", "in_fulfilment", "sent", "delivered", "done", "cancelled" }

request = function()
  local t = targets[math.random(#targets)]
  local status = statuses[math.random(#statuses)]
  return wrk.format("GET", "/api/v1/orders?status=" .. status .. "&limit=50", { ["Authorization"] = t.auth })
end
