scenario {
  id = "3.3/retain/handling-3",
  title = "5.0: Retain Handling 3 is a Protocol Error",
  description = [[Retain Handling 3 is not defined; sending it is a Protocol Error (3.8.3.1). The
server must close, optionally after DISCONNECT 0x82 (or 0x81).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "§3.8.3.1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  -- options byte 0x30: QoS 0, Retain Handling 3
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.packet(0x82, mqtt.u16(1) .. "\0" .. mqtt.str(t:topic("r")) .. mqtt.u8(0x30)) .. mqtt.hex("c0 00"))
  use("verify").closed_on_error(t, c, 1)
end
