scenario {
  id = "4.3/qos/qos2-resume-pubrel",
  title = "An inbound QoS 2 exchange interrupted after PUBREC completes with PUBREL after a reconnect",
  description = [[A publisher with a persistent session sends QoS 2 PUBLISH id 9, gets PUBREC and
drops the connection (RST). It resumes the session and sends only the PUBREL (its side of the
resend, 4.4). The server must still know the exchange (it is Session state): PUBCOMP, in 5.0 with
reason 0x00 (not 0x92 Packet Identifier not found), and the message is delivered exactly once. A
second QoS 2 message from the same publisher on the same topic bounds the wait.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-2", "MQTT-4.4.0-1", "MQTT-3.1.2-4"},
                ["5.0"] = {"MQTT-4.3.3-11", "MQTT-4.4.0-1", "MQTT-3.1.2-5"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local tp = t:topic("rel")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local id = t:client_id("pub")
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local p = t:connect("pub1", {client_id = id, clean = false, props = props})
  p:send{type = "PUBLISH", topic = tp, payload = "exactly-once", qos = 2, id = 9}
  p:expect{type = "PUBREC", id = 9}
  p:reset()
  local p2 = t:connect("pub2", {client_id = id, clean = false, props = props})
  t:check(p2.connack.session_present == true, "Session Present 1", "Session Present 0")
  p2:send{type = "PUBREL", id = 9}
  if t.v5 then
    p2:expect({type = "PUBCOMP", id = 9, reason = 0},
      {expected = "PUBCOMP id=9 reason=0x00 (the exchange is Session state; 0x92 means it was lost)"})
  else
    p2:expect{type = "PUBCOMP", id = 9}
  end
  p2:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 2, id = 10}
  p2:expect{type = "PUBREC", id = 10}
  p2:send{type = "PUBREL", id = 10}
  p2:expect{type = "PUBCOMP", id = 10}
  s:expect({type = "PUBLISH", topic = tp, payload = "exactly-once"},
    {expected = "the message once (delivery may happen at PUBLISH or at PUBREL, never not at all)"})
  s:expect({type = "PUBLISH", topic = tp, payload = "marker"},
    {expected = "the marker; a second 'exactly-once' copy is a duplicate delivery"})
  p2:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
end
