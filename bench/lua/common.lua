-- Shared by every scenario: loads the targets the seed wrote (one line per order:
-- "<basic credentials base64> <order id> <version> <status>") and reports results as one JSON line.
local M = {}

function M.load_targets(path)
  local targets = {}
  for line in io.lines(path) do
    local auth, id, version, status = line:match("^(%S+)%s+(%S+)%s+(%S+)%s+(%S+)")
    if auth then
      targets[#targets + 1] = { auth = "Basic " .. auth, id = id, version = version, status = status }
    end
  end
  assert(#targets > 0, "no targets in " .. path)
  return targets
end

-- Every thread gets its own slice of targets, so write scenarios never touch one order twice.
local thread_counter = 0
function M.setup(thread)
  thread:set("thread_index", thread_counter)
  thread_counter = thread_counter + 1
end

function M.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nRESULT {"requests":%d,"duration_us":%d,"rps":%.2f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"errors_status":%d,"errors_socket":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end

return M
