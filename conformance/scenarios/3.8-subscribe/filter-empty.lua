scenario {
  id = "3.8/subscribe/filter-empty",
  title = "A zero-length topic filter is refused, never granted",
  description = [[Topic filters must be at least one character long. A SUBSCRIBE with an empty
filter must not be granted: closing (with or without a v5 DISCONNECT), a 3.1.1 SUBACK 0x80 or a
v5 SUBACK code >= 0x80 are accepted.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.3-1"},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local c = t:connect("c1")
  c:send_bytes(mqtt.packet(0x82, mqtt.u16(1) .. (t.v5 and "\0" or "") .. mqtt.str("") .. "\0"))
  verify.refused(t, c, {type = "SUBACK", id = 1, reasons = verify.failures(1)})
end
