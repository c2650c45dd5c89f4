scenario {
  id = "3.2/connack/reason-out-of-table",
  title = "5.0: a CONNACK reason code outside the Connect Reason Codes table is not a connection",
  description = [[The server answers CONNECT with CONNACK reason 0x03, which is not a Connect
Reason Code (3.2.2-8). The client must not report the connection as established (the connect
fails) and should close the connection (§4.13: a client SHOULD close on a Malformed Packet).]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-8", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c, _, id = cl.start(t, {clean = true, timeout = 3})
  c:send_bytes(mqtt.packet(0x20, mqtt.hex("00 03 00")))
  cl.expect_client_closes(t, c, {connect_id = id})
  t.client:expect_none({event = "connected", id = id}, 0.2)
end
