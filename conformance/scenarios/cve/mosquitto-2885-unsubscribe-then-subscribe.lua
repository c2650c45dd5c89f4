scenario {
  id = "cve/mosquitto-2885-unsubscribe-then-subscribe",
  title = "Three filters, one unsubscribed, the third subscribed again elsewhere: trees stay consistent",
  description = [[Eclipse Mosquitto issue #2885 (fixed in 2.0.18; ASan-detected): SUBSCRIBE to three filters,
UNSUBSCRIBE the first, then a second connection SUBSCRIBEs the third with the same packet id; the
subscription tree reused a freed node. Written as the sessions it is: c1 gets one SUBACK with three
codes in order (3.1.1 MQTT-3.8.4-5 / 5.0 MQTT-3.8.4-6 via the SUBACK rules), the UNSUBACK
(MQTT-3.10.4-4), c2 its SUBACK. Then a message on the third filter's topic must reach both c1
(still subscribed) and c2 (MQTT-4.5.0-1). Then the broker must still serve a fresh client and the earlier session.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.4-4", "MQTT-3.8.4-5", "MQTT-3.10.4-1", "MQTT-3.10.4-4", "MQTT-4.5.0-1"},
    ["5.0"] = {"MQTT-3.8.4-5", "MQTT-3.8.4-6", "MQTT-3.10.4-1", "MQTT-3.10.4-4", "MQTT-4.5.0-1"}},
  level = "MUST",
  alone = true, -- serial: a crash or a resource change is pinned on this case alone
  needs = {"wildcard"},
  timeout = 20,
}

function run(t)
  local cve = use("cve")
  local k = cve.keeper(t)
  local d, e, c3 = t:topic("drash/1/#"), t:topic("erash/2/#"), t:topic("crash/3/#")
  local c1 = t:connect("c1")
  c1:send{type = "SUBSCRIBE", id = 1234, subs = {{filter = d, qos = 0}, {filter = e, qos = 0}, {filter = c3, qos = 0}}}
  c1:expect{type = "SUBACK", id = 1234, reasons = {0, 0, 0}}
  c1:send{type = "UNSUBSCRIBE", id = 1234, filter = d}
  c1:expect{type = "UNSUBACK", id = 1234}
  local c2 = t:connect("c2")
  c2:send{type = "SUBSCRIBE", id = 1234, filter = c3, qos = 0}
  c2:expect{type = "SUBACK", id = 1234, reasons = {0}}
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = t:topic("crash/3/x"), payload = "one", qos = 1, id = 1}
  p:expect{type = "PUBACK", id = 1}
  c1:expect{type = "PUBLISH", topic = t:topic("crash/3/x"), payload = "one"}
  c2:expect{type = "PUBLISH", topic = t:topic("crash/3/x"), payload = "one"}
  cve.alive(t, k)
end
