scenario {
  id = "malformed/puback-unknown-id",
  title = "A PUBACK for a packet id never used: the client survives",
  description = [[A PUBACK for id 999 that the client never sent. The specification gives no
reaction; the client may ignore it or close, but it must not crash and, if it stays connected, a
later QoS 1 publish must still complete.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§4.8"}, ["5.0"] = {"§4.13"}},
  level = "MAY",
}

function run(t)
  use("client").survive_then_publish(t, mqtt.hex("40 02 03 e7"))
end
