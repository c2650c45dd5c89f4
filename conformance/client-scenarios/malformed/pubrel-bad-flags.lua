scenario {
  id = "malformed/pubrel-bad-flags",
  title = "A PUBREL with fixed-header flags 0000 makes the client close",
  description = [[PUBREL's reserved flags are 0010; 60 02 00 05 carries 0000 and is malformed.
A receiver of invalid fixed-header flags must close the connection.]],
  role = "client",
  section = "3.6",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.6.1-1", "MQTT-2.2.2-2"}, ["5.0"] = {"MQTT-3.6.1-1", "MQTT-2.1.3-1", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  use("client").hostile_after_connect(t, mqtt.hex("60 02 00 05"))
end
