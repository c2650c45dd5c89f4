scenario {
  id = "3.14/disconnect/before-connack",
  title = "5.0: a server DISCONNECT before any CONNACK is not a connection",
  description = [[A server may send DISCONNECT only after a CONNACK with a reason below 0x80
(3.14.0-1). Here the server answers the CONNECT with DISCONNECT 0x80 and no CONNACK. The client
must not report the connection as established: the connect fails, and the connection is closed
(a Protocol Error; §4.13: the client SHOULD close).]],
  role = "client",
  section = "3.14",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.14.0-1", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c, _, id = cl.start(t, {clean = true, timeout = 3})
  c:send_bytes(mqtt.packet(0xE0, mqtt.hex("80 00")))
  cl.expect_client_closes(t, c, {connect_id = id})
  t.client:expect_none({event = "connected", id = id}, 0.2)
end
