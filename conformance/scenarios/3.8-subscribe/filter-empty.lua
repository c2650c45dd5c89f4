scenario {
  id = "3.8/subscribe/filter-empty",
  title = "A zero-length topic filter is refused, never granted",
  description = [[Topic filters must be at least one character long. A SUBSCRIBE with an empty
filter must not be granted: closing (with or without a v5 DISCONNECT), a 3.1.1 SUBACK 0x80 or a
v5 SUBACK code >= 0x80 are accepted.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.7.3-1"}, ["5.0"] = {"MQTT-4.7.3-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send_bytes(mqtt.packet(0x82, mqtt.u16(1) .. (t.v5 and "\0" or "") .. mqtt.str("") .. "\0"))
  local i = c:expect_one_of({{type = "SUBACK", id = 1, reasons = function(v) return v ~= nil and (#v == 1 and v[1] >= 0x80) end},
    {type = "DISCONNECT", reason = function(v) return v ~= nil and (v >= 0x80) end}, {closed = true}}, {within = 2})
  if i == 2 then c:expect_closed{within = 1} end
end
