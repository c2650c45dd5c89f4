scenario {
  id = "malformed/publish-property-length-overrun",
  title = "5.0: PUBLISH whose Property Length runs past the packet closes the connection",
  description = [[The Property Length says 50 bytes but the packet ends 3 bytes later. The server must treat it as
malformed and close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "§2.2.2.1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str(t:topic("p")) .. mqtt.vbi(50) .. mqtt.hex("01 00") .. "x"))
end
