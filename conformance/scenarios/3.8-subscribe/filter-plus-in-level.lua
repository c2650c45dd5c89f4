scenario {
  id = "3.8/subscribe/filter-plus-in-level",
  title = "An invalid topic filter (a+/b) is refused, never granted",
  description = [['+' must occupy a whole level. The server must not grant it. Accepted: closing the connection (with or without
a v5 DISCONNECT), a 3.1.1 SUBACK 0x80, or a v5 SUBACK 0x8F (Topic Filter invalid) or other failure
code >= 0x80.
Grading (README): the filter rule binds the client. 3.1.1 makes the receiver of any protocol
violation close (MQTT-4.8.0-1), so granting it FAILs; 5.0 states no duty for the server here, so
granting it is NON-STRICT.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.7.1-3", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-4.7.1-2"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local c = t:connect("c1")
  c:send_unchecked{type = "SUBSCRIBE", id = 1, filter = t:topic("") .. "a+/b", qos = 0}
  verify.refused(t, c, {type = "SUBACK", id = 1, reasons = verify.failures(1)},
    {level = t.v5 and "SHOULD" or nil})
end
