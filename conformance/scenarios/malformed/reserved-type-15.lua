scenario {
  id = "malformed/reserved-type-15",
  title = "3.1.1: packet type 15 (reserved) closes the connection",
  description = [[Type 15 is reserved in 3.1.1 (it became AUTH in 5.0). F0 00 after CONNACK must make the server close.]],
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"§2.2.1", "MQTT-4.8.0-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.hex("f0 00"))
end
