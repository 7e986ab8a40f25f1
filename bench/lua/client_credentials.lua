-- Client credentials grant (RFC 6749 §4.4): one POST to the token endpoint per request.
-- Environment: BENCH_TOKEN_PATH, BENCH_BASIC (base64 of client_id:client_secret), BENCH_SCOPE.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local bench = require("common")

wrk.method = "POST"
wrk.path = bench.env("BENCH_TOKEN_PATH")
wrk.headers["Authorization"] = "Basic " .. bench.env("BENCH_BASIC")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&scope=" .. bench.urlencode(bench.env("BENCH_SCOPE"))
