scenario {
  id = "3.8/subscribe/subscription-identifier-zero",
  title = "5.0: Subscription Identifier 0 in SUBSCRIBE is a Protocol Error",
  description = [[A Subscription Identifier may be 1 to 268,435,455; 0 is a Protocol Error
(3.8.2.1.2). The server must close, optionally after DISCONNECT 0x82.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "§3.8.2.1.2"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = mqtt.u8(0x0B) .. mqtt.vbi(0)
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.packet(0x82, mqtt.u16(1) .. mqtt.vbi(#props) .. props .. mqtt.str(t:topic("z")) .. "\0") .. mqtt.hex("c0 00"))
  use("verify").closed_on_error(t, c, 1)
end
