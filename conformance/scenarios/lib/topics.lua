-- Topic Name rules shared by several cases.
-- Load with: local topics = use("topics")
local M = {}

-- A QoS 1 PUBLISH whose Topic Name holds a wildcard (MQTT-3.3.2-2) must be
-- refused: 3.1.1 closes; 5.0 closes, or answers DISCONNECT / a PUBACK >= 0x80.
-- A live marker afterwards proves the bad message was not delivered to a
-- subscriber of "<base>/#".
function M.wildcard_publish_rejected(t, wildcard)
  local base = t:topic("w")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = base .. "/#", qos = 0}
  s:expect{type = "SUBACK", id = 1}
  local c = t:connect("c1")
  c:send_unchecked{type = "PUBLISH", topic = base .. "/" .. wildcard, payload = "bad", qos = 1, id = 5}
  if t.v5 then
    local i = c:expect_one_of({{type = "PUBACK", id = 5, reason = function(v) return v ~= nil and (v >= 0x80) end},
      {type = "DISCONNECT", reason = function(v) return v ~= nil and (v >= 0x80) end}, {closed = true}}, {within = 2})
    if i == 2 then c:expect_closed{within = 1} end
  else
    c:expect_closed{within = 1}
  end
  local m = t:connect("marker")
  m:send{type = "PUBLISH", topic = base .. "/ok", payload = "marker", qos = 0}
  s:expect({type = "PUBLISH", topic = base .. "/ok", payload = "marker"},
    {expected = "only the marker; the wildcard PUBLISH must not be delivered"})
end

return M
