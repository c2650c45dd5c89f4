scenario {
  id = "4.3/qos/qos2-expiry-not-applied-inflight",
  title = "5.0: a QoS 2 message already sent is re-sent on resume even after its Message Expiry",
  description = [[A persistent subscriber (QoS 2) receives a QoS 2 PUBLISH that carries Message
Expiry Interval 1, sends no PUBREC and drops the connection. 2.5 s later (well past the expiry, in
whole seconds) it resumes. Once a QoS 2 PUBLISH has been sent the sender must not apply message
expiry to it (4.3.3-7): the server must re-send it with DUP 1 and the same packet id (4.4.0-1).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.3.3-7", "MQTT-4.4.0-1"}},
  level = "MUST",
  needs = {"qos2", "grant_qos2"},
  timeout = 10,
}

function run(t)
  local id = t:client_id("s")
  local tp = t:topic("exp2")
  local props = {session_expiry_interval = 60}
  local s = t:connect("s1", {client_id = id, clean = false, props = props})
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {2}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "in-flight", qos = 2, id = 1,
         props = {message_expiry_interval = 1}}
  p:expect{type = "PUBREC", id = 1}
  p:send{type = "PUBREL", id = 1}
  p:expect{type = "PUBCOMP", id = 1}
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "in-flight", qos = 2}
  s:reset()
  t:sleep(2.5)
  local s2 = t:connect("s2", {client_id = id, clean = false, props = props})
  t:check(s2.connack.session_present == true, "Session Present 1", "Session Present 0")
  local r = s2:expect({type = "PUBLISH", topic = tp, payload = "in-flight", id = m.id, dup = true, qos = 2},
    {expected = "the in-flight PUBLISH re-sent (DUP 1, id " .. m.id .. "): expiry does not apply once sent"})
  s2:send{type = "PUBREC", id = r.id}
  s2:expect{type = "PUBREL", id = r.id}
  s2:send{type = "PUBCOMP", id = r.id}
  s2:send{type = "DISCONNECT", props = {session_expiry_interval = 0}}
end
