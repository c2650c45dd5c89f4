scenario {
  id = "malformed/publish-unknown-property",
  title = "5.0: PUBLISH with an undefined property identifier closes the connection",
  description = [[Property 0x7F does not exist; a receiver cannot parse past it, so the PUBLISH is malformed
(2.2.2.2) and the server must close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "§2.2.2.2"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str(t:topic("p")) .. mqtt.vbi(2) .. mqtt.hex("7f 00") .. "x"))
end
