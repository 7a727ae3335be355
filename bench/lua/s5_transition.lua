-- S5: POST /api/v1/orders/{id}/paid, each request on a `created` order not touched before, so every
-- request is a real transition (no repeat, which would be a cheap no-op). The created orders among
-- the targets (S6 reads only the others, whose versions therefore stay as seeded) are split into
-- S5_SLOTS slots — one per wrk run of S5: the JIT warm-up, each warm-up and each measured run — and
-- each thread walks its own half of its run's slot.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local targets = common.load_targets(os.getenv("TARGETS"))
setup = common.setup
done = common.done

local created = {}
for i = 1, #targets do
  if targets[i].status == "created" then created[#created + 1] = targets[i] end
end
local slots = tonumber(os.getenv("S5_SLOTS") or "8")
assert(#created >= 2 * slots, "too few created orders among the targets")
local slot = tonumber(os.getenv("S5_SLOT") or "0") % slots
local slot_size = math.floor(#created / slots)
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
