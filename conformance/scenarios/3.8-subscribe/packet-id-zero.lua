scenario {
  id = "3.8/subscribe/packet-id-zero",
  title = "SUBSCRIBE with Packet Identifier 0 closes the connection",
  description = [[SUBSCRIBE must carry a non-zero Packet Identifier; 0 is a protocol violation and the server must
close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.3.1-1", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-2.2.1-3", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or ""
  use("close").after_bad_bytes(t, c, mqtt.packet(0x82, mqtt.u16(0) .. props .. mqtt.str(t:topic("s")) .. "\0"))
end
