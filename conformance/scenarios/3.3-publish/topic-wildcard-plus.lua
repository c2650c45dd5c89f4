scenario {
  id = "3.3/publish/topic-wildcard-plus",
  title = "PUBLISH to a Topic Name containing '+' is rejected and not delivered",
  description = [[Wildcards may only appear in Topic Filters. A QoS 1 PUBLISH to "<prefix>/+" is
a protocol violation: 3.1.1 requires the close. 5.0 has the reason code 0x90 (Topic Name invalid)
in both PUBACK and DISCONNECT, so a close (with or without DISCONNECT) or a PUBACK >= 0x80 passes.
In every case the message must not reach a subscriber of the literal filter.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.2-2", "MQTT-4.7.1-1", "MQTT-4.8.0-1"},
    ["5.0"] = {"MQTT-3.3.2-2", "MQTT-4.7.0-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local base = t:topic("w")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = base .. "/#", qos = 0}
  s:expect{type = "SUBACK", id = 1}
  local c = t:connect("c1")
  c:send_unchecked{type = "PUBLISH", topic = base .. "/+", payload = "bad", qos = 1, id = 5}
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
