scenario {
  id = "3.8/subscribe/duplicate-property",
  title = "5.0: SUBSCRIBE with two Subscription Identifiers is a Protocol Error",
  description = [[A SUBSCRIBE may carry at most one Subscription Identifier (3.8.2.1.2: more than
once is a Protocol Error). The server must close, ideally after DISCONNECT 0x82, and not answer
with a SUBACK.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "§3.8.2.1.2"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = mqtt.u8(0x0B) .. mqtt.vbi(1) .. mqtt.u8(0x0B) .. mqtt.vbi(2)
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.packet(0x82, mqtt.u16(1) .. mqtt.vbi(#props) .. props .. mqtt.str(t:topic("d")) .. "\0")
    .. mqtt.hex("c0 00"))
  use("verify").closed_on_error(t, c, 1)
end
