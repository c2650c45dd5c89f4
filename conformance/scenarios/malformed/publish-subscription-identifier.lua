-- Finding (mosquitto 2.0.11): accepts a client PUBLISH carrying a Subscription Identifier and keeps the connection.
scenario {
  id = "malformed/publish-subscription-identifier",
  title = "5.0: a client PUBLISH with a Subscription Identifier closes the connection",
  description = [[A PUBLISH from a client must not carry a Subscription Identifier; the server treats it as a
Protocol Error and closes.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.4-6", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str(t:topic("p")) .. mqtt.vbi(2) .. mqtt.hex("0b 05") .. "x"))
end
