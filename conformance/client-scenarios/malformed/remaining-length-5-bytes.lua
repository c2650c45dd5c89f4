scenario {
  id = "malformed/remaining-length-5-bytes",
  title = "A Remaining Length of five bytes makes the client close",
  description = [[The Remaining Length is at most four bytes (268,435,455). A fifth continuation
byte (30 80 80 80 80 01) is malformed; a decoder without the bound overflows or waits for a
quarter-gigabyte body. The client must close.]],
  role = "client",
  section = "2.2",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§2.2.3", "MQTT-4.8.0-1"}, ["5.0"] = {"§1.5.5", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  use("client").hostile_after_connect(t, mqtt.hex("30 80 80 80 80 01 00 01 61"))
end
