scenario {
  id = "malformed/pubcomp-unknown-id",
  title = "A PUBCOMP for a packet id never used: the client survives",
  description = [[An unexpected PUBCOMP (id 998). The client may ignore it or close, but must not
crash, and if it stays connected a later QoS 1 publish must still complete.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§4.8"}, ["5.0"] = {"§4.13"}},
  level = "MAY",
}

function run(t)
  use("client").survive_then_publish(t, mqtt.hex("70 02 03 e6"))
end
