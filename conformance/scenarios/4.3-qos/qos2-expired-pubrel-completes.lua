scenario {
  id = "4.3/qos/qos2-expired-pubrel-completes",
  title = "5.0: the server completes an inbound QoS 2 exchange even after the message expired",
  description = [[The publisher sends a QoS 2 PUBLISH with Message Expiry Interval 1 and gets
PUBREC, then waits 2.5 s (past the expiry, in whole seconds) before PUBREL. The receiver must
complete the acknowledgement flow even if it no longer holds the message (4.3.3-13): PUBCOMP with
the same id and reason 0x00, not 0x92 (Packet Identifier not found).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.3.3-13", "MQTT-4.3.3-11"}},
  level = "MUST",
  needs = {"qos2"},
  timeout = 10,
}

function run(t)
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = t:topic("exp"), payload = "short-lived", qos = 2, id = 5,
         props = {message_expiry_interval = 1}}
  p:expect{type = "PUBREC", id = 5}
  t:sleep(2.5)
  p:send{type = "PUBREL", id = 5}
  p:expect({type = "PUBCOMP", id = 5, reason = 0},
    {expected = "PUBCOMP id=5 reason=0x00 (the flow completes whatever the expiry)"})
end
