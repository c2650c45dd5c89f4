scenario {
  id = "3.10/unsubscribe/filter-utf8-ill-formed",
  title = "UNSUBSCRIBE with an ill-formed UTF-8 filter closes the connection",
  description = [[Topic filters in UNSUBSCRIBE are UTF-8 strings; a lone continuation byte (0x80)
makes the string ill-formed. The server must treat the packet as malformed and close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1", "MQTT-3.10.3-1"}, ["5.0"] = {"MQTT-1.5.4-1", "MQTT-3.10.3-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.packet(0xA2, mqtt.u16(1) .. (t.v5 and "\0" or "") .. mqtt.str(t:topic("x\128y"))) .. mqtt.hex("c0 00"))
  use("verify").closed_on_error(t, c, 1)
end
