-- Refresh token rotation (RFC 6749 §6): every connection owns one chain of refresh tokens and
-- presents the token that its previous response returned. Run with as many threads as
-- connections (wrk -t N -c N), so that each thread has one connection and one chain.
-- A chain is never shared, because Valet revokes a whole chain when a used token comes back.
-- Environment: BENCH_TOKEN_PATH, BENCH_BASIC, BENCH_REFRESH_TOKENS (comma-separated, one per
-- connection).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local bench = require("common")

local path = bench.env("BENCH_TOKEN_PATH")
local headers = {
   ["Authorization"] = "Basic " .. bench.env("BENCH_BASIC"),
   ["Content-Type"] = "application/x-www-form-urlencoded",
}
local chains = bench.split(bench.env("BENCH_REFRESH_TOKENS"), ",")

failures = 0
local refresh_token

function init(args)
   refresh_token = chains[id]
   if refresh_token == nil then
      error("BENCH_REFRESH_TOKENS has " .. #chains .. " tokens, fewer than the " .. id .. " threads")
   end
end

function request()
   return wrk.format("POST", path, headers, "grant_type=refresh_token&refresh_token=" .. refresh_token)
end

function response(status, response_headers, body)
   local next_token = status == 200 and bench.json_string(body, "refresh_token")
   if next_token then
      refresh_token = next_token
   elseif status == 200 then
      failures = failures + 1
   end
end
