scenario {
  id = "malformed/connack-reserved-flags",
  title = "A CONNACK with reserved acknowledge-flag bits set makes the client close",
  description = [[Bits 7-1 of the Connect Acknowledge Flags are reserved and must be 0; a CONNACK
with bit 1 set (flags 0x02) is malformed. The client must not treat the connection as accepted.]],
  role = "client",
  section = "3.2",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§3.2.2.1", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-3.2.2-1", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c, _, id = cl.start(t, {clean = true})
  c:send_bytes(mqtt.packet(0x20, "\x02\x00" .. cl.noprops(t)))
  cl.expect_client_closes(t, c, {connect_id = id})
end
