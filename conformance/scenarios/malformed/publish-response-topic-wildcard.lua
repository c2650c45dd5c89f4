scenario {
  id = "malformed/publish-response-topic-wildcard",
  title = "5.0: a Response Topic containing a wildcard closes the connection",
  description = [[Response Topic is a Topic Name and must not contain wildcards; the server must treat the PUBLISH as
a Protocol Error and close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-14", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str(t:topic("p")) .. mqtt.vbi(6) .. mqtt.hex("08") .. mqtt.str("a/#/") .. "x"))
end
