scenario {
  id = "4.8/shared/error-ack-dropped",
  title = "5.0: a shared message rejected with PUBACK 0x80 is dropped, not offered again",
  description = [[Member m1 is alone in share group g and answers a QoS 1 message with PUBACK
0x80. m2 joins the group, m1 leaves (DISCONNECT, session ended). The message must be discarded:
not re-sent to m1 and not offered to m2 (4.8.2-6). The publisher then sends a marker that only m2
can take; every PUBLISH m2 gets up to the marker is checked (no order is promised on a shared
subscription: a copy after the marker is not seen).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.8.2-6", "MQTT-4.4.0-2"}},
  level = "MUST",
  needs = {"shared", "qos1", "grant_qos1"},
}

function run(t)
  local tp = t:topic("sh6")
  local share = "$share/" .. t:client_id("g"):gsub("[^%w]", "") .. "/" .. tp
  local id = t:client_id("m1")
  local m1 = t:connect("m1", {client_id = id})
  m1:send{type = "SUBSCRIBE", id = 1, filter = share, qos = 1}
  t:subscribed(m1, {type = "SUBACK", id = 1, reasons = {1}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "rejected", qos = 1, id = 1}
  p:expect{type = "PUBACK", id = 1}
  local m = m1:expect{type = "PUBLISH", topic = tp, payload = "rejected", qos = 1}
  m1:send{type = "PUBACK", id = m.id, reason = 0x80}
  -- not re-sent to m1: a bounded silence window (nothing orders a re-sent PUBLISH
  -- against a PINGRESP)
  local verify = use("verify")
  verify.none_within(t, m1, verify.WINDOW, function(q) return q.type == "PUBLISH" end,
    "re-send of the rejected message to m1")
  local m2 = t:connect("m2")
  m2:send{type = "SUBSCRIBE", id = 1, filter = share, qos = 1}
  t:subscribed(m2, {type = "SUBACK", id = 1, reasons = {1}})
  use("session_end").disconnect(t, m1)
  use("session_end").check(t, id, "m1's session")
  p:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 1, id = 2}
  p:expect{type = "PUBACK", id = 2}
  while true do
    local n = m2:expect({type = "PUBLISH", topic = tp}, {expected = "the marker on m2"})
    t:check(n.payload ~= "rejected", "no copy of the rejected message on m2", "m2 got 'rejected' after PUBACK 0x80")
    m2:send{type = "PUBACK", id = n.id}
    if n.payload == "marker" then break end
  end
end
