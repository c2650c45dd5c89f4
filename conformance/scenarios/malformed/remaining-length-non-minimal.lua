-- Finding (mosquitto 2.0.11): answers the non-minimal PINGREQ C0 80 00 with PINGRESP.
scenario {
  id = "malformed/remaining-length-non-minimal",
  title = "5.0: a non-minimal Remaining Length encoding closes the connection",
  description = [[Variable Byte Integers must use the fewest bytes. A PINGREQ written C0 80 00 (length 0 in two
bytes) is malformed in 5.0 and the server must close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-1.5.5-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.hex("c0 80 00"))
end
