scenario {
  id = "4.3/qos/publish-qos1-id-zero",
  title = "A server QoS 1 PUBLISH with Packet Identifier 0 makes the client close",
  description = [[A QoS > 0 PUBLISH carries a non-zero Packet Identifier (3.1.1 2.3.1-1; 5.0
2.2.1-4 for the server). The server sends a QoS 1 PUBLISH with id 0 on a subscribed topic. The
packet is malformed: the client must close (3.1.1: MUST, 4.8.0-1; 5.0: SHOULD, §4.13) and must not
deliver the message. A PUBACK echoing id 0 is the library answering the bad packet instead of
closing; it is judged as "did not close", not as a malformed packet of its own (accept_malformed).]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.3.1-1", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-2.2.1-4", "§4.13.1"}},
  level = "MUST",
  accept_malformed = true,
}

function run(t)
  local cl = use("client")
  cl.hostile_after_connect(t, cl.publish_bytes(t, 0x32, "mqc/h/id0", "zero", 0),
    {subscribe = "mqc/h/#", no_message = true})
end
