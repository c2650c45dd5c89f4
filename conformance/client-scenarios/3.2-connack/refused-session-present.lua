scenario {
  id = "3.2/connack/refused-session-present",
  title = "A refusing CONNACK with Session Present 1 is still a refusal",
  description = [[A CONNACK with a non-zero return / reason code must have Session Present 0
(3.1.1 3.2.2-4, 5.0 3.2.2-6). The server sends a refusal (3.1.1 0x05 Not authorized, 5.0 0x87)
with Session Present 1 and keeps the connection open. The client must not report a connection
(the connect fails) and must close (3.1.1: MUST, 4.8.0-1; 5.0: SHOULD, §4.13).]],
  role = "client",
  section = "3.2",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.2.2-4", "MQTT-3.2.2-5", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-3.2.2-6", "MQTT-3.2.2-7", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c, _, id = cl.start(t, {clean = true, timeout = 3})
  c:send_bytes(t.v5 and mqtt.packet(0x20, mqtt.hex("01 87 00")) or mqtt.packet(0x20, mqtt.hex("01 05")))
  cl.expect_client_closes(t, c, {connect_id = id})
  t.client:expect_none({event = "connected", id = id}, 0.2)
end
