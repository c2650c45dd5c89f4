-- Finding (mosquitto 2.0.11): grants "$share/<name>" with no filter (SUBACK 0x00).
scenario {
  id = "4.8/shared/share-no-filter",
  title = "5.0: a shared subscription with no filter after the ShareName is refused",
  description = [[The filter "$share/g..." has no filter after the ShareName. A shared filter needs "$share/", a non-empty
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
  local f = "$share/g" .. t:client_id("n"):gsub("[^%w]", "")
  c:send_unchecked{type = "SUBSCRIBE", id = 1, filter = f, qos = 0}
  verify.refused(t, c, {type = "SUBACK", id = 1, reasons = verify.failures(1)})
end
