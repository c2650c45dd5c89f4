scenario {
  id = "3.10/unsubscribe/bad-flags",
  title = "UNSUBSCRIBE with fixed-header flags other than 0010 closes the connection",
  description = [[UNSUBSCRIBE's reserved flags must be 0010; first byte 0xA0 is malformed and the server must close
without an UNSUBACK.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.10.1-1", "MQTT-2.2.2-2"}, ["5.0"] = {"MQTT-3.10.1-1", "MQTT-2.1.3-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or ""
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.packet(0xA0, mqtt.u16(1) .. props .. mqtt.str(t:topic("u"))) .. mqtt.hex("c0 00"))
  use("verify").closed_on_error(t, c, 1)
end
