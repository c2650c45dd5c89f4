scenario {
  id = "3.3/publish/packet-id-zero",
  title = "QoS 1 PUBLISH with Packet Identifier 0 closes the connection",
  description = [[A QoS > 0 PUBLISH must carry a non-zero Packet Identifier. Identifier 0 is a protocol violation
and the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.3.1-1", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-2.2.1-3", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or "" -- empty v5 property block
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.packet(0x32, mqtt.str(t:topic("z")) .. mqtt.u16(0) .. props .. "x") .. mqtt.hex("c0 00"))
  -- v5 may send DISCONNECT (>= 0x80) first; expect_closed accepts it
  local r = c:expect_closed{within = 1}
  if r.disconnect then
    t:check(r.disconnect.reason >= 0x80, "DISCONNECT reason >= 0x80",
      string.format("0x%02x", r.disconnect.reason))
  end
end
