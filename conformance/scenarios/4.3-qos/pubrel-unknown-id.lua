scenario {
  id = "4.3/qos/pubrel-unknown-id",
  title = "PUBREL for an unknown Packet Identifier is still answered with PUBCOMP",
  description = [[The receiver must answer every PUBREL with a PUBCOMP carrying the same id, even
when it holds no state for it (e.g. after a lost PUBCOMP). v5 should use reason 0x92 (Packet
Identifier not found); 0x00 is also in the table and accepted.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-2"}, ["5.0"] = {"MQTT-4.3.3-11", "MQTT-3.7.2-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBREL", id = 0x4242}
  local m = c:expect{type = "PUBCOMP", id = 0x4242}
  if t.v5 then
    t:check(m.reason == nil or m.reason == 0 or m.reason == 0x92, "reason 0x92 or 0x00", tostring(m.reason))
  end
end
