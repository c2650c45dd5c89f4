scenario {
  id = "4.8/shared/qos2-resume-same-member",
  title = "5.0: an interrupted shared QoS 2 delivery is completed to the same member on reconnect",
  description = [[Member m1 (persistent session) is alone in share group g when a QoS 2 message is
published, receives the PUBLISH and drops the connection without PUBREC. Member m2 then joins the
group. When m1 resumes its session the server must complete the delivery to m1 (4.8.2-4): re-send
the PUBLISH, DUP 1, same packet id. m2 must not get that message: m1 then ends its session, the
publisher sends a marker that only m2 can take, and every PUBLISH m2 gets up to the marker is
checked (shared subscriptions promise no order, so a copy sent to m2 after the marker would not
be seen).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.8.2-4", "MQTT-4.4.0-1"}},
  level = "MUST",
  needs = {"shared", "qos2", "grant_qos2"},
}

function run(t)
  local tp = t:topic("sh2")
  local share = "$share/" .. t:client_id("g"):gsub("[^%w]", "") .. "/" .. tp
  local id = t:client_id("m1")
  local props = {session_expiry_interval = 60}
  local m1 = t:connect("m1", {client_id = id, clean = false, props = props})
  m1:send{type = "SUBSCRIBE", id = 1, filter = share, qos = 2}
  t:subscribed(m1, {type = "SUBACK", id = 1, reasons = {2}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "interrupted", qos = 2, id = 1}
  p:expect{type = "PUBREC", id = 1}
  p:send{type = "PUBREL", id = 1}
  p:expect{type = "PUBCOMP", id = 1}
  local m = m1:expect{type = "PUBLISH", topic = tp, payload = "interrupted", qos = 2}
  m1:reset()
  local m2 = t:connect("m2")
  m2:send{type = "SUBSCRIBE", id = 1, filter = share, qos = 2}
  t:subscribed(m2, {type = "SUBACK", id = 1, reasons = {2}})
  local r1 = t:connect("m1b", {client_id = id, clean = false, props = props})
  t:check(r1.connack.session_present == true, "Session Present 1", "Session Present 0")
  local r = r1:expect({type = "PUBLISH", topic = tp, payload = "interrupted", id = m.id, dup = true},
    {expected = "the interrupted PUBLISH completed to the same member (DUP 1, id " .. m.id .. ")"})
  r1:send{type = "PUBREC", id = r.id}
  r1:expect{type = "PUBREL", id = r.id}
  r1:send{type = "PUBCOMP", id = r.id}
  use("session_end").disconnect(t, r1, {session_expiry_interval = 0})
  use("session_end").check(t, id, "m1's session")
  p:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 2, id = 2}
  p:expect{type = "PUBREC", id = 2}
  p:send{type = "PUBREL", id = 2}
  p:expect{type = "PUBCOMP", id = 2}
  while true do
    local n = m2:expect({type = "PUBLISH", topic = tp}, {expected = "the marker on m2"})
    t:check(n.payload ~= "interrupted", "no copy of the interrupted message on m2",
      "m2 got 'interrupted' (it belongs to m1's session)")
    if n.qos > 0 then m2:send{type = "PUBREC", id = n.id}; m2:expect{type = "PUBREL", id = n.id}; m2:send{type = "PUBCOMP", id = n.id} end
    if n.payload == "marker" then break end
  end
end
