scenario {
  id = "3.8/subscribe/suback-id",
  title = "SUBSCRIBE is answered by SUBACK with the same Packet Identifier",
  description = [[Every SUBSCRIBE must be answered by a SUBACK carrying its Packet Identifier. We
use 0xBEEF to catch byte-order mistakes and expect the granted QoS 0.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.4-1", "MQTT-3.8.4-2", "MQTT-2.3.1-7"},
    ["5.0"] = {"MQTT-3.8.4-1", "MQTT-3.8.4-2", "MQTT-2.2.1-6"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "SUBSCRIBE", id = 0xBEEF, filter = t:topic("s"), qos = 0}
  c:expect{type = "SUBACK", id = 0xBEEF, reasons = {0}}
end
