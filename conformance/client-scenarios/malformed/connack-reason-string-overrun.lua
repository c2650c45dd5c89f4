scenario {
  id = "malformed/connack-reason-string-overrun",
  title = "A CONNACK Reason String whose length overruns the packet makes the client close",
  description = [[A refusing-looking but otherwise plain CONNACK whose Reason String claims 64 bytes
while 4 remain in the packet: 20 0A 00 00 07 1F 00 40 61 62 63 64. Same class of bug as #986 on
another string property. Malformed: the connect must fail and the client close.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"§1.5.4", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c, _, id = cl.start(t, {clean = true})
  c:send_hex("20 0A 00 00 07 1F 00 40 61 62 63 64")
  cl.expect_client_closes(t, c, {connect_id = id})
end
