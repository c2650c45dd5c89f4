scenario {
  id = "3.8/subscribe/qos3",
  title = "SUBSCRIBE requesting QoS 3 closes the connection",
  description = [[The requested QoS byte may only be 0, 1 or 2. 3.1.1: malformed, close. 5.0: QoS 3 in the
subscription options is a Protocol Error (3.8.3.1), close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.3-4"}, ["5.0"] = {"MQTT-4.13.1-1", "§3.8.3.1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or ""
  use("close").after_bad_bytes(t, c, mqtt.packet(0x82, mqtt.u16(1) .. props .. mqtt.str(t:topic("s")) .. "\3"))
end
