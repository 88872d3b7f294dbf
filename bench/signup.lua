-- wrk script: posts the real sign-up form with unique, valid generated people.
-- Env: LIMIT = sign-ups per thread before the thread stops (0 = no limit), CAMPAIGN, ROLE, OFFSET, PACE_MS (delay
-- before each request on a connection: a paced, fixed arrival rate instead of saturation).
local threads = {}
local thread_id = 0

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

local WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local CHECK = {"1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"}

local function id_number(n)
  -- birth dates from 1975-01-01 on, 1000 people per day: unique for the first 10 million
  local day = math.floor(n / 1000)
  local t = os.time({year = 1975, month = 1, day = 1, hour = 12}) + day * 86400
  local first17 = "330402" .. os.date("!%Y%m%d", t) .. string.format("%03d", n % 1000)
  local sum = 0
  for i = 1, 17 do
    sum = sum + tonumber(first17:sub(i, i)) * WEIGHTS[i]
  end
  return first17 .. CHECK[(sum % 11) + 1]
end

function init(args)
  counter = 0
  accepted = 0
  rejected = 0
  failed = 0
  limit = tonumber(os.getenv("LIMIT") or "0")
  pace = tonumber(os.getenv("PACE_MS") or "0")
  stride = tonumber(os.getenv("THREADS") or "1")
  campaign = os.getenv("CAMPAIGN") or "volunteers-guard-expo"
  role = os.getenv("ROLE") or "community_patrol"
  -- people numbered from OFFSET on, so that runs against the same campaign do not collide
  offset = tonumber(os.getenv("OFFSET") or "0")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Accept"] = "application/json"
end

function request()
  local n = offset + id + counter * stride
  counter = counter + 1
  local body = "form%5Bcampaign%5D=" .. campaign
    .. "&form%5Bname%5D=%E5%BC%A0%E4%BC%9F"
    .. "&form%5Bmobile%5D=139" .. string.format("%08d", n % 100000000)
    .. "&form%5Bid_number%5D=" .. id_number(n)
    .. "&form%5Bcounty%5D=330402&form%5Bstreet%5D=330402007&form%5Bcommunity%5D=330402007024"
    .. "&form%5Brole%5D=" .. role .. "&form%5Bskills%5D%5Bfirst_aid%5D=on"
    .. "&form%5Bavailability%5D%5Bweekend_day%5D=on&form%5Bconsent%5D=on"
  return wrk.format(nil, "/api/signup", nil, body)
end

function delay()
  return pace
end

function response(status, headers, body)
  if status == 200 and body:find("Accepted", 1, true) then
    accepted = accepted + 1
  elseif status == 200 then
    rejected = rejected + 1
  else
    failed = failed + 1
  end
  if limit > 0 and accepted + rejected + failed >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local a, r, f = 0, 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("accepted")
    r = r + thread:get("rejected")
    f = f + thread:get("failed")
  end
  io.write(string.format("RESULT accepted=%d rejected=%d failed=%d duration_us=%d p50_us=%d p99_us=%d\n",
    a, r, f, summary.duration, latency:percentile(50), latency:percentile(99)))
end
