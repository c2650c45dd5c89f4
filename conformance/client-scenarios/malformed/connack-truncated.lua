scenario {
  id = "malformed/connack-truncated",
  title = "A one-byte CONNACK body makes the client fail the connect and close",
  description = [[The wolfMQTT #545 shape: 20 01 00, a CONNACK whose body stops after the flags
byte, with no return / reason code. A parser that reads the code anyway reads past the packet.
Malformed: the connect must fail and the client close.]],
  role = "client",
  section = "3.2",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§3.2.1", "MQTT-4.8.0-1"}, ["5.0"] = {"§3.2.1", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c, _, id = cl.start(t, {clean = true})
  c:send_hex("20 01 00")
  cl.expect_client_closes(t, c, {connect_id = id})
end
