-- The authorization code dance on Valet, as a browser without a session and its client do it:
--   1. GET /authorize                     -> 303 to /login?request=..., new session cookie
--   2. GET /login?request=...             -> 200 login form with the CSRF token
--   3. POST /login                        -> 303 to /authorize/continue, rotated session cookie
--   4. GET /authorize/continue?request=.. -> 303 to redirect_uri?code=... once the account has
--      approved the client; the first dance gets the consent page and posts POST /consent
--   5. POST /token (authorization_code with the PKCE verifier) -> 200 with tokens
-- One dance is one unit: the rate is dances per second and the latencies are whole dances.
-- Run with as many threads as connections (wrk -t N -c N): each thread is one browser.
-- Environment: BENCH_BASIC, BENCH_CLIENT_ID, BENCH_REDIRECT_URI, BENCH_SCOPE, BENCH_USERNAME,
-- BENCH_PASSWORD, BENCH_CODE_VERIFIER, BENCH_CODE_CHALLENGE.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local bench = require("common")

local enc = bench.urlencode
local redirect_uri = bench.env("BENCH_REDIRECT_URI")
local verifier = bench.env("BENCH_CODE_VERIFIER")
local authorize_path = "/authorize?response_type=code"
   .. "&client_id=" .. enc(bench.env("BENCH_CLIENT_ID"))
   .. "&redirect_uri=" .. enc(redirect_uri)
   .. "&scope=" .. enc(bench.env("BENCH_SCOPE"))
   .. "&state=bench"
   .. "&code_challenge=" .. bench.env("BENCH_CODE_CHALLENGE")
   .. "&code_challenge_method=S256"
local credentials = "&username=" .. enc(bench.env("BENCH_USERNAME"))
   .. "&password=" .. enc(bench.env("BENCH_PASSWORD"))
local form = "application/x-www-form-urlencoded"
local basic = "Basic " .. bench.env("BENCH_BASIC")

counts_units = true
units = 0
failures = 0
unit_ms = {}

local step = "authorize"
local started, cookie, request_id, csrf_token, code

function request()
   if step == "authorize" then
      started = bench.now_ms()
      cookie = nil
      return wrk.format("GET", authorize_path, {})
   elseif step == "login_form" then
      return wrk.format("GET", "/login?request=" .. request_id, { Cookie = cookie })
   elseif step == "login" then
      return wrk.format("POST", "/login", { Cookie = cookie, ["Content-Type"] = form },
         "request=" .. request_id .. "&csrf_token=" .. enc(csrf_token) .. credentials)
   elseif step == "continue" then
      return wrk.format("GET", "/authorize/continue?request=" .. request_id, { Cookie = cookie })
   elseif step == "consent" then
      return wrk.format("POST", "/consent", { Cookie = cookie, ["Content-Type"] = form },
         "request=" .. request_id .. "&csrf_token=" .. enc(csrf_token) .. "&decision=approve")
   else
      return wrk.format("POST", "/token", { Authorization = basic, ["Content-Type"] = form },
         "grant_type=authorization_code&code=" .. code .. "&redirect_uri=" .. enc(redirect_uri)
         .. "&code_verifier=" .. verifier)
   end
end

-- Starts a new dance after a response that the dance did not expect.
local function fail()
   failures = failures + 1
   step = "authorize"
end

local function code_from(location)
   return location and location:match("[?&]code=([%w_%-]+)")
end

function response(status, headers, body)
   local set_cookie = bench.header(headers, "Set-Cookie")
   if set_cookie then
      cookie = set_cookie:match("^([^;]+)")
   end
   local location = bench.header(headers, "Location")

   if step == "authorize" then
      request_id = status == 303 and location and location:match("request=([%w_%-]+)")
      if not request_id then return fail() end
      step = "login_form"
   elseif step == "login_form" then
      csrf_token = status == 200 and body:match('name="csrf_token" value="([^"]+)"')
      if not csrf_token then return fail() end
      step = "login"
   elseif step == "login" then
      if status ~= 303 then return fail() end
      step = "continue"
   elseif step == "continue" or step == "consent" then
      code = status == 303 and code_from(location)
      if code then
         step = "token"
      elseif step == "continue" and status == 200 then
         csrf_token = body:match('name="csrf_token" value="([^"]+)"')
         if not csrf_token then return fail() end
         step = "consent"
      else
         return fail()
      end
   else
      if status ~= 200 or not bench.json_string(body, "access_token") then return fail() end
      units = units + 1
      table.insert(unit_ms, bench.now_ms() - started)
      step = "authorize"
   end
end
