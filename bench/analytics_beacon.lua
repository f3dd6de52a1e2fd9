-- wrk script: POST page-view beacons as browsers send them (text/plain JSON), from many visitors and pages.
-- The client address varies through X-Forwarded-For (the bench sets TRUSTED_PROXY_COUNT=1), so uniques are real work.
local counter = 0
local paths = {"/", "/blog/", "/blog/launch-week/", "/resources/", "/about/", "/blog/pricing-page/"}
local sources = {"", "hn", "newsletter", "twitter", ""}
local thread_id = 0

function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end

request = function()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  local source = sources[(counter % #sources) + 1]
  local body = '{"path":"' .. path .. '","referrer":"https://news.ycombinator.com/item?id=1"'
  if source ~= "" then
    body = body .. ',"utm_source":"' .. source .. '","utm_medium":"social","utm_campaign":"launch"'
  end
  body = body .. '}'
  local ip = string.format("10.%d.%d.%d", tid or 0, math.floor(counter / 250) % 250, counter % 250)
  return wrk.format("POST", "/analytics/collect", {
    ["Content-Type"] = "text/plain;charset=UTF-8",
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    ["X-Forwarded-For"] = ip,
  }, body)
end
