scenario {
  id = "malformed/connack-prop-length-overrun",
  title = "A CONNACK whose Property Length runs past the packet makes the client close",
  description = [[paho.mqtt.c issue #985 shape: 20 0B 00 00 80 FF FF 0A 27 00 98 96 80. The
Property Length (80 FF FF 0A, about 23 million) is far beyond the 11-byte packet, so a parser that
trusts it reads out of bounds. The CONNACK is malformed: the connect must fail and the client must
close without crashing.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"§2.2.2.1", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c, _, id = cl.start(t, {clean = true})
  c:send_hex("20 0B 00 00 80 FF FF 0A 27 00 98 96 80")
  cl.expect_client_closes(t, c, {connect_id = id})
end
