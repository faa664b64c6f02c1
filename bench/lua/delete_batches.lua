-- wrk script: DELETE with a JSON body of `batch` ids that exist, new ids on every request
-- (from `top` downwards), on one connection, until `count` deletes are answered; then the
-- thread stops. Arguments, after `--`: top batch count park.
-- wrk builds one request before the first it sends; its ids are skipped, never deleted. The
-- request wrk may build while stopping asks for `park` (a GET path), so it deletes nothing.

local top, batch, count, park
local built, answered = 0, 0

function init(args)
   top, batch, count, park = tonumber(args[1]), tonumber(args[2]), tonumber(args[3]), args[4]
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   if answered >= count then
      return wrk.format("GET", park)
   end
   local first = top - built * batch
   local ids = {}
   for i = 0, batch - 1 do
      ids[#ids + 1] = tostring(first - i)
   end
   built = built + 1
   return wrk.format("DELETE", nil, nil, '{"invoiceids":[' .. table.concat(ids, ",") .. "]}")
end

function response(status, headers, body)
   answered = answered + 1
   if answered >= count then
      wrk.thread:stop()
   end
end
