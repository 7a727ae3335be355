-- S4: POST /api/v1/orders with 3 items, a fresh reference each time, for random merchants.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local targets = common.load_targets(os.getenv("TARGETS"))
done = common.done
local counter = 0
local run = tostring(os.time())

setup = function(thread)
  common.setup(thread)
end

init = function()
  math.randomseed(os.time() + (thread_index or 0) * 7919)
end

request = function()
  counter = counter + 1
  local t = targets[math.random(#targets)]
  local body = string.format(
    '{"reference":"bench-%s-%d-%d-%d","currency":"EUR","channel":"web",' ..
    '"customer":{"name":"Bench Customer","email":"bench%d@example.com"},' ..
    '"shippingAddress":{"line1":"1 Main St","city":"Berlin","postalCode":"10115","countryCode":"DE"},' ..
    '"items":[{"sku":"SKU-1","name":"Mug","quantity":2,"unitPrice":9.5},' ..
    '{"sku":"SKU-2","name":"Plate","quantity":1,"unitPrice":14},' ..
    '{"sku":"SKU-3","name":"Bowl","quantity":3,"unitPrice":7.25}]}',
    run, thread_index or 0, counter, math.random(1000000000), counter)
  return wrk.format("POST", "/api/v1/orders",
    { ["Authorization"] = t.auth, ["Content-Type"] = "application/json" }, body)
end
