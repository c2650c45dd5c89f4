scenario {
  id = "malformed/reserved-type-0",
  title = "Packet type 0 (reserved) closes the connection",
  description = [[Type 0 is reserved and forbidden in both versions. After CONNACK we send 00 00; the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§2.2.1", "MQTT-4.8.0-1"}, ["5.0"] = {"§2.1.2", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.hex("00 00"))
end
