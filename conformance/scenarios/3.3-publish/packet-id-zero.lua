scenario {
  id = "3.3/publish/packet-id-zero",
  title = "QoS 1 PUBLISH with Packet Identifier 0 closes the connection",
  description = [[A QoS > 0 PUBLISH must carry a non-zero Packet Identifier. Identifier 0 is a protocol violation
and the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.3.1-1", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-2.2.1-3", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or "" -- empty v5 property block
  use("close").after_bad_bytes(t, c, mqtt.packet(0x32, mqtt.str(t:topic("z")) .. mqtt.u16(0) .. props .. "x"))
end
