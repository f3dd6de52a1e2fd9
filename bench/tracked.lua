-- Every request carries a fresh fbclid and utm_campaign, as visitors from social links and newsletters do.
math.randomseed(os.time())
request = function()
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  local path = wrk.path .. separator .. "fbclid=" .. math.random(1, 1000000000) .. "&utm_campaign=c" .. math.random(1, 1000000000)
  return wrk.format(nil, path)
end
