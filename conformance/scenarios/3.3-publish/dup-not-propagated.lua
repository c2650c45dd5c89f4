scenario {
  id = "3.3/publish/dup-not-propagated",
  title = "An incoming DUP flag is not copied to the forwarded PUBLISH",
  description = [[The publisher sends a QoS 1 PUBLISH with DUP 1 (as a client would on a resend).
The server's outgoing PUBLISH is its first attempt, so its DUP must be 0: the outgoing DUP depends
only on whether that outgoing packet is a retransmission.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.3.1-3"},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
}

function run(t)
  local tp = t:topic("dup")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {1}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "again", qos = 1, id = 3, dup = true}
  p:expect{type = "PUBACK", id = 3}
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "again", qos = 1, dup = false}
  s:send{type = "PUBACK", id = m.id}
end
