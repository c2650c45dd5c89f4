scenario {
  id = "malformed/publish-qos0-dup",
  title = "A QoS 0 PUBLISH with DUP 1 makes the client close",
  description = [[DUP must be 0 on every QoS 0 PUBLISH (there is nothing to retransmit); first
byte 0x38 is therefore malformed and the client should close.]],
  role = "client",
  section = "3.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-2", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-3.3.1-2", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  cl.hostile_after_connect(t, cl.publish_bytes(t, 0x38, "mqc/h/d", "x"), {subscribe = "mqc/h/#"})
end
