scenario {
  id = "3.10/unsubscribe/no-filters",
  title = "UNSUBSCRIBE without any topic filter is a protocol violation",
  description = [[The UNSUBSCRIBE payload must contain at least one filter. One holding only a Packet Identifier must
make the server close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.10.3-2", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-3.10.3-2", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or ""
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.packet(0xA2, mqtt.u16(1) .. props) .. mqtt.hex("c0 00"))
  use("verify").closed_on_error(t, c, 1)
end
