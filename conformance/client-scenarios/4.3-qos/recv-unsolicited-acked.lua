scenario {
  id = "4.3/qos/recv-unsolicited-acked",
  title = "A QoS 1 PUBLISH on a topic the client never subscribed to is still acknowledged",
  description = [[A client must acknowledge every PUBLISH according to its QoS even when it does
not process the message, or the server redelivers it forever and its in-flight window fills up.
We send a QoS 1 PUBLISH without any subscription.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.5.0-2"},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  c:send{type = "PUBLISH", topic = "mqc/nosub/a", qos = 1, id = 600, payload = "stray"}
  c:expect({type = "PUBACK", id = 600}, {skip = {"PINGREQ"}})
end
