-- Token introspection (RFC 7662) of one JWT access token, authenticated with HTTP Basic.
-- A 200 response without "active":true counts as an error, so an expired token cannot
-- pass for a fast one.
-- Environment: BENCH_INTROSPECT_PATH, BENCH_BASIC, BENCH_ACCESS_TOKEN.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local bench = require("common")

wrk.method = "POST"
wrk.path = bench.env("BENCH_INTROSPECT_PATH")
wrk.headers["Authorization"] = "Basic " .. bench.env("BENCH_BASIC")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "token=" .. bench.urlencode(bench.env("BENCH_ACCESS_TOKEN"))

failures = 0

function response(status, headers, body)
   if status == 200 and not body:find('"active"%s*:%s*true') then
      failures = failures + 1
   end
end
