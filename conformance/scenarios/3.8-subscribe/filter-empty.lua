scenario {
  id = "3.8/subscribe/filter-empty",
  title = "A zero-length topic filter is refused, never granted",
  description = [[Topic filters must be at least one character long. A SUBSCRIBE with an empty
filter must not be granted: closing (with or without a v5 DISCONNECT), a 3.1.1 SUBACK 0x80 or a
v5 SUBACK code >= 0x80 are accepted.
Grading (README): the filter rule binds the client. 3.1.1 makes the receiver of any protocol
violation close (MQTT-4.8.0-1), so granting it FAILs; 5.0 states no duty for the server here, so
granting it is NON-STRICT.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.7.3-1", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-4.7.3-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local c = t:connect("c1")
  c:send_bytes(mqtt.packet(0x82, mqtt.u16(1) .. (t.v5 and "\0" or "") .. mqtt.str("") .. "\0"))
  verify.refused(t, c, {type = "SUBACK", id = 1, reasons = verify.failures(1)},
    {level = t.v5 and "SHOULD" or nil})
end
