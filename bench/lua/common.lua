-- Helpers shared by the wrk scripts of the Valet benchmarks. A script loads this module with
--   package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
--   local bench = require("common")
-- Loading it defines wrk's setup() and done() hooks: setup() gives every thread an id
-- (1, 2, ...), and done() prints the one RESULT line that bench/lib/common.sh reads.
-- A script counts its own failed checks in the thread-global `failures`. A script that
-- measures a multi-request unit, such as the authorization code dance, sets `counts_units = true`.
-- It then counts finished units in `units` and stores each unit's latency in milliseconds in
-- the thread-global table `unit_ms`.

local ffi = require("ffi")

ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]

local CLOCK_MONOTONIC = 1
local bench = {}
local threads = {}

-- Returns a monotonic time in milliseconds, for latencies of units that span several requests.
function bench.now_ms()
   local ts = ffi.new("bench_timespec")
   ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
   return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

-- Returns a required environment variable, or stops the run with a message naming it.
function bench.env(name)
   local value = os.getenv(name)
   if value == nil or value == "" then
      error("environment variable " .. name .. " is missing; run the scenario through bench/run.sh")
   end
   return value
end

-- Encodes a string for a URL query or a form body (application/x-www-form-urlencoded).
function bench.urlencode(value)
   return (value:gsub("[^%w%-%._~]", function(c)
      return string.format("%%%02X", string.byte(c))
   end))
end

-- Returns the value of a response header, ignoring the case of its name. wrk keeps only the
-- last header of a repeated name, which is enough for Valet's single session cookie.
function bench.header(headers, name)
   local expected = name:lower()
   for key, value in pairs(headers) do
      if key:lower() == expected then
         return value
      end
   end
   return nil
end

-- Returns the string value of a top-level JSON member, enough for token responses.
function bench.json_string(body, name)
   return body and body:match('"' .. name .. '"%s*:%s*"([^"]+)"')
end

function bench.split(list, separator)
   local items = {}
   for item in string.gmatch(list, "[^" .. separator .. "]+") do
      table.insert(items, item)
   end
   return items
end

local function percentile(sorted, p)
   if #sorted == 0 then
      return 0
   end
   local index = math.max(1, math.ceil(#sorted * p / 100))
   return sorted[index]
end

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

-- Prints: RESULT rate=<per second> p50_ms=<ms> p99_ms=<ms> errors=<count> requests=<count>
-- rate counts requests, or units when the script counts units. errors adds socket errors,
-- HTTP statuses of 400 and above, and the checks the script failed.
function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.timeout + e.status
   local counts_units, units, unit_latencies = false, 0, {}
   for _, thread in ipairs(threads) do
      counts_units = counts_units or thread:get("counts_units") == true
      errors = errors + (thread:get("failures") or 0)
      units = units + (thread:get("units") or 0)
      for _, ms in ipairs(thread:get("unit_ms") or {}) do
         table.insert(unit_latencies, ms)
      end
   end

   local rate, p50, p99
   if counts_units then
      table.sort(unit_latencies)
      rate = units / seconds
      p50 = percentile(unit_latencies, 50)
      p99 = percentile(unit_latencies, 99)
   else
      rate = summary.requests / seconds
      p50 = latency:percentile(50) / 1000
      p99 = latency:percentile(99) / 1000
   end
   io.write(string.format("RESULT rate=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d requests=%d\n",
      rate, p50, p99, errors, summary.requests))
end

return bench
