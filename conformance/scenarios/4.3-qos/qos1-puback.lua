scenario {
  id = "4.3/qos/qos1-puback",
  title = "A QoS 1 PUBLISH is acknowledged by PUBACK with the same Packet Identifier",
  description = [[The receiver of a QoS 1 PUBLISH must answer PUBACK carrying its Packet
Identifier. We use id 0x1234 to catch byte-order mistakes; v5 reason must be from the PUBACK table
(0x00 or 0x10 here).]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.2-2", "MQTT-2.3.1-6", "MQTT-3.3.4-1"}, ["5.0"] = {"MQTT-4.3.2-4", "MQTT-2.2.1-5", "MQTT-3.4.2-1"}},
  level = "MUST",
  needs = {"qos1"},
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("p"), payload = "x", qos = 1, id = 0x1234}
  local a = c:expect{type = "PUBACK", id = 0x1234}
  if t.v5 then
    t:check(a.reason == nil or a.reason == 0 or a.reason == 0x10, "reason 0x00 or 0x10",
      string.format("0x%02x", a.reason))
  end
end
