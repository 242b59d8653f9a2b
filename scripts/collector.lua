-- Beacons for `make bench` and `make loadtest`: page views posted to the analytics collector
-- (/_a/) as static/js/analytics.js posts them, each from another visitor (X-Forwarded-For,
-- believed from loopback as from a load balancer) with a reader's user agent, and a third
-- from an AI assistant. It counts 5xx answers, which wrk itself does not.
-- With COLLECTOR_READ=1 it GETs the page instead, from the same visitors with the same
-- headers: a reader's load that costs wrk as much per request, so that `make bench`
-- compares the beacons' load on the site with as many readers', not two loads of wrk.

local guide = os.getenv("COLLECTOR_PATH") or "/"
local read = os.getenv("COLLECTOR_READ") == "1"
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  server_errors = 0
end

function request()
  counter = counter + 1
  local referrer = ""
  if counter % 3 == 0 then
    referrer = "https://chatgpt.com/"
  end
  local body = "t=pageview&p=" .. guide .. "&r=" .. referrer ..
    "&us=newsletter&um=email&uc=launch&d=desktop"
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) " ..
      "Chrome/131.0.0.0 Safari/537.36",
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", id, math.floor(counter / 256) % 256, counter % 256),
  }
  if read then
    headers["Content-Type"] = nil
    return wrk.format("GET", guide, headers)
  end
  return wrk.format("POST", "/_a/", headers, body)
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
  io.write(string.format("COLLECTOR 5xx=%d\n", total))
end
