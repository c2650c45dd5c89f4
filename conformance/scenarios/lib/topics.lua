-- Topic Name rules shared by several cases.
-- Load with: local topics = use("topics")
local M = {}

-- A QoS 1 PUBLISH whose Topic Name holds a wildcard (MQTT-3.3.2-2) must be
-- refused: 3.1.1 closes; 5.0 closes, or answers DISCONNECT / a PUBACK >= 0x80.
-- A subscriber of "<base>/#" must then receive nothing for a bounded window
-- (no marker can follow the bad message on its own topic), and finally a
-- marker shows that the subscription was live all along.
function M.wildcard_publish_rejected(t, wildcard)
  local verify = use("verify")
  local base = t:topic("w")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = base .. "/#", qos = 0}
  s:expect{type = "SUBACK", id = 1}
  local c = t:connect("c1")
  c:send_unchecked{type = "PUBLISH", topic = base .. "/" .. wildcard, payload = "bad", qos = 1, id = 5}
  verify.refused(t, c, t.v5 and {type = "PUBACK", id = 5, reason = verify.FAILURE} or nil)
  verify.none_within(t, s, verify.WINDOW, function(p) return p.type == "PUBLISH" end,
    "delivery of the wildcard PUBLISH")
  local m = t:connect("marker")
  m:send{type = "PUBLISH", topic = base .. "/ok", payload = "marker", qos = 0}
  s:expect({type = "PUBLISH", topic = base .. "/ok", payload = "marker"},
    {expected = "the marker (the subscription is live)"})
end

-- Topic matching: c subscribes to filter alone; one publisher sends "no" to
-- every topic of `no`, then "yes" to every topic of `yes`. Each "yes" must
-- arrive once, in any order (the spec orders deliveries per topic, not across
-- topics), and no "no" within a bounded window after them: a subscriber cannot
-- receive a marker on a topic it does not match.
function M.matches(t, filter, yes, no)
  local verify = use("verify")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = filter, qos = 0}
  s:expect{type = "SUBACK", id = 1}
  local p = t:connect("pub")
  for _, tp in ipairs(no) do p:send{type = "PUBLISH", topic = tp, payload = "no", qos = 0} end
  for _, tp in ipairs(yes) do p:send{type = "PUBLISH", topic = tp, payload = "yes", qos = 0} end
  local pats = {}
  for i, tp in ipairs(yes) do pats[i] = {type = "PUBLISH", topic = tp, payload = "yes"} end
  verify.any_order(s, pats, {expected = "one message on each topic '" .. filter .. "' matches"})
  verify.none_within(t, s, verify.WINDOW, function() return true end,
    "message on a topic '" .. filter .. "' does not match")
end

return M
