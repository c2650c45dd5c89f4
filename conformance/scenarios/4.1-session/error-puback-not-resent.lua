scenario {
  id = "4.1/session/error-puback-not-resent",
  title = "5.0: a QoS 1 PUBLISH answered with PUBACK 0x80 is not re-sent on session resume",
  description = [[A persistent subscriber answers a QoS 1 PUBLISH with PUBACK reason 0x80
(Unspecified error), drops the connection and resumes its session. A PUBLISH acknowledged with a
reason of 0x80 or above counts as acknowledged (4.4.0-2): it must not be re-sent. After the resume
the publisher sends a second QoS 1 message on the same topic; a re-sent copy would have to come
before it (same client, topic and QoS: that order is promised), so the marker bounds the wait.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.4.0-2"}},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
}

function run(t)
  local id = t:client_id("s")
  local tp = t:topic("nack")
  local props = {session_expiry_interval = 60}
  local s = t:connect("s1", {client_id = id, clean = false, props = props})
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {1}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "rejected", qos = 1, id = 1}
  p:expect{type = "PUBACK", id = 1}
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "rejected", qos = 1}
  s:send{type = "PUBACK", id = m.id, reason = 0x80}
  -- a PINGRESP after the PUBACK shows the server has read it before the connection goes
  t:barrier(s)
  s:reset()
  local s2 = t:connect("s2", {client_id = id, clean = false, props = props})
  t:check(s2.connack.session_present == true, "Session Present 1", "Session Present 0")
  p:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 1, id = 2}
  p:expect{type = "PUBACK", id = 2}
  local n = s2:expect({type = "PUBLISH", topic = tp},
    {expected = "the marker only; 'rejected' was acknowledged by PUBACK 0x80"})
  s2:send{type = "PUBACK", id = n.id}
  t:check(n.payload == "marker", "the marker (no re-send of the rejected message)",
    "'" .. n.payload .. "' re-sent (DUP " .. tostring(n.dup) .. ", id " .. n.id .. ")")
  s2:send{type = "DISCONNECT", props = {session_expiry_interval = 0}}
end
