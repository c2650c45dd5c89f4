scenario {
  id = "malformed/reserved-type-0",
  title = "A packet of the reserved type 0 makes the client close",
  description = [[Control packet type 0 is reserved and forbidden (00 00). A client must close on
it instead of skipping it or indexing a handler table with it.]],
  role = "client",
  section = "2.2",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§2.2.1", "MQTT-4.8.0-1"}, ["5.0"] = {"§2.1.2", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  use("client").hostile_after_connect(t, mqtt.hex("00 00"))
end
