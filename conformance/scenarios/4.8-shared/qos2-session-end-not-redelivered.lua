scenario {
  id = "4.8/shared/qos2-session-end-not-redelivered",
  title = "5.0: a shared QoS 2 message whose member's session ends goes to no other member",
  description = [[Member m1 is alone in share group g when a QoS 2 message is published and
receives the PUBLISH without answering. m2 joins the group, then m1 ends its session (DISCONNECT
with Session Expiry Interval 0). The server must not send the message to any other subscriber
(4.8.2-5). The publisher then sends a marker that only m2 can take; every PUBLISH m2 gets up to
the marker is checked (shared subscriptions promise no order: a copy after the marker is not
seen).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.8.2-5"}},
  level = "MUST",
  needs = {"shared", "qos2", "grant_qos2"},
}

function run(t)
  local tp = t:topic("sh5")
  local share = "$share/" .. t:client_id("g"):gsub("[^%w]", "") .. "/" .. tp
  local id = t:client_id("m1")
  local m1 = t:connect("m1", {client_id = id, clean = false, props = {session_expiry_interval = 60}})
  m1:send{type = "SUBSCRIBE", id = 1, filter = share, qos = 2}
  t:subscribed(m1, {type = "SUBACK", id = 1, reasons = {2}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "orphan", qos = 2, id = 1}
  p:expect{type = "PUBREC", id = 1}
  p:send{type = "PUBREL", id = 1}
  p:expect{type = "PUBCOMP", id = 1}
  m1:expect{type = "PUBLISH", topic = tp, payload = "orphan", qos = 2}
  local m2 = t:connect("m2")
  m2:send{type = "SUBSCRIBE", id = 1, filter = share, qos = 2}
  t:subscribed(m2, {type = "SUBACK", id = 1, reasons = {2}})
  use("session_end").disconnect(t, m1, {session_expiry_interval = 0})
  use("session_end").check(t, id, "m1's session")
  p:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 2, id = 2}
  p:expect{type = "PUBREC", id = 2}
  p:send{type = "PUBREL", id = 2}
  p:expect{type = "PUBCOMP", id = 2}
  while true do
    local n = m2:expect({type = "PUBLISH", topic = tp}, {expected = "the marker on m2"})
    t:check(n.payload ~= "orphan", "no copy of m1's message on m2", "m2 got 'orphan' after m1's session ended")
    if n.qos > 0 then m2:send{type = "PUBREC", id = n.id}; m2:expect{type = "PUBREL", id = n.id}; m2:send{type = "PUBCOMP", id = n.id} end
    if n.payload == "marker" then break end
  end
end
