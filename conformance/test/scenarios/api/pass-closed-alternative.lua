-- Expected against the good fake broker: PASS (a QoS 3 PUBLISH makes it close,
-- which matches the {closed = true} alternative).
scenario {
  id = "api/pass-closed-alternative",
  title = "expect_one_of accepts a close as an alternative",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-4"}, ["5.0"] = {"MQTT-3.3.1-4"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local body = mqtt.str(t:topic("q3")) .. mqtt.u16(1) .. (t.v5 and "\0" or "") .. "x"
  c:send_bytes(mqtt.packet(0x36, body))
  local i = c:expect_one_of({{type = "DISCONNECT", reason = 0x81}, {closed = true}})
  t:check(i == 2, "the close", "alternative " .. i)
  t:check(not c:is_open(), "closed", "open")
end
