scenario {
  id = "malformed/publish-property-not-allowed",
  title = "5.0: PUBLISH carrying a CONNECT-only property (Session Expiry) closes the connection",
  description = [[Session Expiry Interval is not valid in PUBLISH; a property not allowed on the packet makes it
malformed (2.2.2.2).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "§2.2.2.2"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str(t:topic("p")) .. mqtt.vbi(5) .. mqtt.hex("11 00 00 00 0a") .. "x"))
end
