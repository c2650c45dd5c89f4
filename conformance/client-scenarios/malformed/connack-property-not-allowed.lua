scenario {
  id = "malformed/connack-property-not-allowed",
  title = "A CONNACK carrying a property not allowed in CONNACK makes the client close",
  description = [[Will Delay Interval (0x18) belongs to the Will Properties of CONNECT only; in
a CONNACK it is a malformed packet. The connect must fail and the client should close.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"§2.2.2.2", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c, _, id = cl.start(t, {clean = true})
  c:send_hex("20 08 00 00 05 18 00 00 00 0a")
  cl.expect_client_closes(t, c, {connect_id = id})
end
