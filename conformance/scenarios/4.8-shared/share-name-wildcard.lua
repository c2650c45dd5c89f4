scenario {
  id = "4.8/shared/share-name-wildcard",
  title = "5.0: a shared subscription with a ShareName with '+' is refused",
  description = [[The filter "$share/a+b/..." has a ShareName with '+'. A shared filter needs "$share/", a non-empty
ShareName without '/', '+' or '#', then '/' and a filter. The server must not grant it: SUBACK
0x8F (or another code >= 0x80) or a close are accepted.
Grading (README): MQTT-4.8.2-1/-2 bind the client and the spec states no duty for a server that
receives such a filter (it calls it neither Malformed nor a Protocol Error), so granting it is
NON-STRICT, not FAIL.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.8.2-1", "MQTT-4.8.2-2"}},
  level = "SHOULD",
  needs = {"shared"},
}

function run(t)
  local verify = use("verify")
  local c = t:connect("c1")
  local f = "$share/a+b/" .. t:topic("s")
  c:send_unchecked{type = "SUBSCRIBE", id = 1, filter = f, qos = 0}
  verify.refused(t, c, {type = "SUBACK", id = 1, reasons = verify.failures(1)})
end
