scenario {
  id = "4.3/qos/qos2-resume-republish",
  title = "An inbound QoS 2 message re-sent after a reconnect (before PUBREL) is delivered once",
  description = [[A publisher with a persistent session sends QoS 2 PUBLISH id 7, gets PUBREC and
drops the connection (RST) before PUBREL, as after a lost PUBREL. It resumes the session and sends
the same PUBLISH again with DUP 1, then PUBREL. The server keeps the QoS 2 exchange in the Session
state: it must answer PUBREC and PUBCOMP and deliver the message exactly once. A second QoS 2
message from the same publisher on the same topic bounds the wait (same client, topic and QoS:
its order is promised).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-2", "MQTT-3.1.2-4"}, ["5.0"] = {"MQTT-4.3.3-10", "MQTT-3.1.2-5"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local tp = t:topic("once")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local id = t:client_id("pub")
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local p = t:connect("pub1", {client_id = id, clean = false, props = props})
  p:send{type = "PUBLISH", topic = tp, payload = "exactly-once", qos = 2, id = 7}
  p:expect{type = "PUBREC", id = 7}
  p:reset()
  local p2 = t:connect("pub2", {client_id = id, clean = false, props = props})
  t:check(p2.connack.session_present == true, "Session Present 1", "Session Present 0")
  p2:send{type = "PUBLISH", topic = tp, payload = "exactly-once", qos = 2, id = 7, dup = true}
  p2:expect{type = "PUBREC", id = 7}
  p2:send{type = "PUBREL", id = 7}
  p2:expect{type = "PUBCOMP", id = 7}
  p2:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 2, id = 8}
  p2:expect{type = "PUBREC", id = 8}
  p2:send{type = "PUBREL", id = 8}
  p2:expect{type = "PUBCOMP", id = 8}
  s:expect{type = "PUBLISH", topic = tp, payload = "exactly-once"}
  s:expect({type = "PUBLISH", topic = tp, payload = "marker"},
    {expected = "the marker; a second 'exactly-once' copy is a duplicate delivery"})
  p2:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
end
