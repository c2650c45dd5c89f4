scenario {
  id = "malformed/pubrec-unknown-id",
  title = "A PUBREC for a packet id never used: the client survives",
  description = [[An unexpected PUBREC (id 997). 5.0 lets the client answer with PUBREL 0x92
(Packet Identifier not found); 3.1.1 says nothing. The client may answer, ignore or close, but
must not crash, and if it stays connected a later QoS 1 publish must still complete.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§4.8"}, ["5.0"] = {"§3.6.2.1", "§4.13"}},
  level = "MAY",
}

function run(t)
  use("client").survive_then_publish(t, mqtt.hex("50 02 03 e5"), {allow = {PUBREL = true}})
end
