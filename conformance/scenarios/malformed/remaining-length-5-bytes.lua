scenario {
  id = "malformed/remaining-length-5-bytes",
  title = "A Remaining Length of five bytes closes the connection",
  description = [[Remaining Length is at most four bytes. A PUBLISH whose length field is FF FF FF FF 7F cannot be
valid; the server must close instead of waiting for 34 GB.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§2.2.3", "MQTT-4.8.0-1"}, ["5.0"] = {"§1.5.5", "§2.1.4", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.hex("30 ff ff ff ff 7f 00 01 61"))
end
