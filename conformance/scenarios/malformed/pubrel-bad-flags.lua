scenario {
  id = "malformed/pubrel-bad-flags",
  title = "PUBREL with fixed-header flags other than 0010 closes the connection",
  description = [[PUBREL must have flags 0010. After a QoS 2 PUBLISH/PUBREC we send PUBREL as 60 02 00 01 (flags 0000);
the server must treat it as malformed and close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.6.1-1"}, ["5.0"] = {"MQTT-3.6.1-1", "MQTT-4.13.1-1"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local c = t:connect("c1")
  c:send_bytes(mqtt.packet(0x34, mqtt.str(t:topic("q2")) .. mqtt.u16(1) .. (t.v5 and "\0" or "") .. "x"))
  c:expect{type = "PUBREC", id = 1}
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_hex("60 02 00 01 c0 00")
  -- 5.0 may send DISCONNECT (>= 0x80) first; expect_closed accepts it
  use("verify").closed_on_error(t, c)
end
