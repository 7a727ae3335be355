-- S7's receiver measured alone: POSTs of a webhook-sized body, to show that the receiver is not
-- what limits the dispatch rate.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
done = common.done
local body = '{"id":"00000000-0000-0000-0000-000000000000","type":"ORDER_CREATED","occurredAt":"2026-01-01T00:00:00Z",' ..
  '"merchantId":"00000000-0000-0000-0000-000000000000","order":{"status":"created","version":1},"data":{}}'

request = function()
  return wrk.format("POST", "/probe", { ["Content-Type"] = "application/json" }, body)
end
