scenario {
  id = "3.1/keepalive/pingreq-pingresp",
  title = "PINGREQ is answered with PINGRESP",
  description = [[The server must answer every PINGREQ with a PINGRESP. We send three, one write
each, and expect three PINGRESPs (C0 00 each).]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {"MQTT-3.12.4-1"},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  for _ = 1, 3 do
    c:send{type = "PINGREQ"}
    c:expect{type = "PINGRESP", raw = mqtt.hex("d0 00")}
  end
end
