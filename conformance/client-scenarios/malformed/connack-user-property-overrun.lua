scenario {
  id = "malformed/connack-user-property-overrun",
  title = "A CONNACK User Property whose string length overruns makes the client close",
  description = [[paho.mqtt.c issue #986 shape: 20 0B 00 00 08 22 00 0A 26 00 98 96 80. The
property block (8 bytes) holds Topic Alias Maximum 10 and a User Property whose name claims 0x98
(152) bytes with only 3 left; a parser that does not check string lengths against the packet
reads uninitialised or foreign memory. Malformed: the connect must fail and the client close.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"§1.5.7", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c, _, id = cl.start(t, {clean = true})
  c:send_hex("20 0B 00 00 08 22 00 0A 26 00 98 96 80")
  cl.expect_client_closes(t, c, {connect_id = id})
end
