scenario {
  id = "malformed/publish-topic-overrun",
  title = "A PUBLISH whose topic length exceeds the packet makes the client close",
  description = [[The MQTT-C #206 / CVE-2019-17210 shape: 30 07 FF FF 41 42 43 44 45. The topic
claims 65535 bytes in a 7-byte packet; a parser that trusts it reads past the buffer or
underflows the payload length. The client must close.]],
  role = "client",
  section = "3.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§1.5.3", "MQTT-4.8.0-1"}, ["5.0"] = {"§1.5.4", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  use("client").hostile_after_connect(t, mqtt.hex("30 07 FF FF 41 42 43 44 45"), {subscribe = "mqc/h/#"})
end
