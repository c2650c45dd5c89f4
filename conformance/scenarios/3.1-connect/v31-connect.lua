scenario {
  id = "3.1/connect/v31-connect",
  title = "MQTT 3.1: CONNECT with protocol name MQIsdp, level 3, is accepted",
  description = [[The 3.1 protocol uses the name "MQIsdp" and level 3 and its CONNACK has no
Session Present flag (the acknowledge flags byte is reserved, 0). The case runs only against
brokers that speak 3.1 and checks CONNACK 20 02 00 00.]],
  versions = {"3.1"},
  statements = {["3.1"] = {"§3.1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1", {clean = true})
  t:check(c.connack.raw == mqtt.hex("20 02 00 00"), "CONNACK 20 02 00 00", mqtt.tohex(c.connack.raw))
end
