-- Mixed traffic for `make loadtest`: pages (mostly cached), pages rendered afresh, site
-- search, static files and analytics beacons, in fixed proportions. Paths come from the LOADTEST_PATHS
-- environment variable, one per line; "{n}" in a path becomes a request counter, so those
-- requests miss the page cache. It counts 5xx answers, which wrk itself does not.

local paths = {}
for line in string.gmatch(os.getenv("LOADTEST_PATHS") or "/", "[^\n]+") do
  table.insert(paths, line)
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  server_errors = 0
  offset = id * 7
end

-- A line "POST /_a/ <path>" is an analytics beacon: a view of <path>, as the site's script
-- posts it, from a reader's browser.
local beacon_headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) " ..
    "Chrome/131.0.0.0 Safari/537.36",
}

function request()
  counter = counter + 1
  local path = paths[((counter + offset) % #paths) + 1]
  path = string.gsub(path, "{n}", tostring(id * 1000000 + counter))
  local collector, viewed = string.match(path, "^POST (%S+) (%S+)$")
  if collector then
    local body = "t=pageview&p=" .. viewed .. "&r=https://chatgpt.com/&us=&um=&uc=&d=desktop"
    return wrk.format("POST", collector, beacon_headers, body)
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("server_errors")
  end
  io.write(string.format("LOADTEST 5xx=%d\n", total))
end
