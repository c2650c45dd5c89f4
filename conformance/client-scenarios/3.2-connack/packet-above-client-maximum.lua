scenario {
  id = "3.2/connack/packet-above-client-maximum",
  title = "5.0: a PUBLISH larger than the client's Maximum Packet Size makes the client close",
  description = [[The client connects with Maximum Packet Size 256, so the server must never send
it a larger packet (3.1.2-24). The server sends a 1,000-byte PUBLISH on a subscribed topic. The
client should treat it as a Protocol Error (DISCONNECT 0x95 Packet too large is the fitting code)
and close (§4.13), and must not deliver it.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-24", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true, props = {maximum_packet_size = 256}})
  cl.subscribe(t, c, "mqc/h/#", 0)
  c:send{type = "PUBLISH", topic = "mqc/h/big", qos = 0, payload = string.rep("B", 1000)}
  cl.expect_client_closes(t, c)
  t.client:expect_none({event = "message"}, 0.2)
end
