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
  local verify = use("verify")
  verify.refused(t, c, t.v5 and {type = "PUBACK", id = 5, reason = verify.FAILURE} or nil)
  local m = t:connect("marker")
  m:send{type = "PUBLISH", topic = base .. "/ok", payload = "marker", qos = 0}
  s:expect({type = "PUBLISH", topic = base .. "/ok", payload = "marker"},
    {expected = "only the marker; the wildcard PUBLISH must not be delivered"})
end

return M
