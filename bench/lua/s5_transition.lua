-- S5: POST /api/v1/orders/{id}/paid, each request on a `created` order not touched before, so every
-- request is a real transition (no repeat, which would be a cheap no-op). The created orders of the
-- second half of the targets (S6 reads the first half, whose versions therefore stay as seeded) are
-- split into five slots — JIT warm-up, then warm-up and measurement at 16 and at 64 connections —
-- and each thread walks its own part of its slot.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local targets = common.load_targets(os.getenv("TARGETS"))
setup = common.setup
done = common.done

local created = {}
for i = math.floor(#targets / 2) + 1, #targets do
  if targets[i].status == "created" then created[#created + 1] = targets[i] end
end
assert(#created >= 6, "too few created orders among the targets")
local slot = tonumber(os.getenv("S5_SLOT") or "0")
local slot_size = math.floor(#created / 5)
local part = math.floor(slot_size / 2)
local next_index

request = function()
  if not next_index then
    next_index = slot * slot_size + (thread_index or 0) * part + 1
  end
  local t = created[next_index]
  next_index = next_index + 1
  if next_index > slot * slot_size + ((thread_index or 0) + 1) * part then
    next_index = slot * slot_size + (thread_index or 0) * part + 1 -- exhausted: wrap (repeats are no-ops)
  end
  return wrk.format("POST", "/api/v1/orders/" .. t.id .. "/paid",
    { ["Authorization"] = t.auth, ["Content-Type"] = "application/json" }, '{"paymentReference":"bench"}')
end
