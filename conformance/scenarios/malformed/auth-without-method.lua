scenario {
  id = "malformed/auth-without-method",
  title = "5.0: AUTH on a connection without Authentication Method closes it",
  description = [[A client that sent no Authentication Method must not send AUTH; receiving one is a Protocol Error.
F0 02 18 00 (AUTH Continue) after CONNACK must make the server close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.12.0-7", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.hex("f0 02 18 00"))
end
