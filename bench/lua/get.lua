-- A GET of BENCH_PATH, with "Authorization: Bearer BENCH_ACCESS_TOKEN" when that is set:
-- the protected API and the plain hello endpoint.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local bench = require("common")

wrk.method = "GET"
wrk.path = bench.env("BENCH_PATH")
local token = os.getenv("BENCH_ACCESS_TOKEN")
if token ~= nil and token ~= "" then
   wrk.headers["Authorization"] = "Bearer " .. token
end
