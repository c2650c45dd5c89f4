scenario {
  id = "malformed/publish-qos3",
  title = "A PUBLISH with QoS 3 makes the client close",
  description = [[QoS bits 11 are invalid in a PUBLISH; the receiver must treat it as malformed
and close rather than guess a delivery guarantee.]],
  role = "client",
  section = "3.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-4"}, ["5.0"] = {"MQTT-3.3.1-4", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  cl.hostile_after_connect(t, cl.publish_bytes(t, 0x36, "mqc/h/q3", "x", 5), {subscribe = "mqc/h/#"})
end
