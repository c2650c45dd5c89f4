scenario {
  id = "3.8/subscribe/reserved-option-bits",
  title = "SUBSCRIBE with reserved option bits set closes the connection",
  description = [[3.1.1: bits 7-2 of the requested-QoS byte are reserved, so 0x40 is malformed. 5.0: bits 7-6 of the
subscription options are reserved; 0x40 is malformed. The server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.3-4"}, ["5.0"] = {"MQTT-3.8.3-5", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or ""
  use("close").after_bad_bytes(t, c, mqtt.packet(0x82, mqtt.u16(1) .. props .. mqtt.str(t:topic("s")) .. "\64"))
end
