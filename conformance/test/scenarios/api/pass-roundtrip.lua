-- Expected against the good fake broker: PASS (subscribe, QoS 1 publish, delivery).
scenario {
  id = "api/pass-roundtrip",
  title = "connect, subscribe, publish QoS 1, get PUBACK and the delivery",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.4-1"}, ["5.0"] = {"MQTT-3.3.4-1"}},
  level = "MUST",
  timeout = 20,
}

function run(t)
  local c = t:connect("c1")
  t:check(c.connack.reason == 0, "CONNACK 0", "CONNACK " .. tostring(c.connack.reason))
  c:send{type = "SUBSCRIBE", id = 7, filter = t:topic("a/+"), qos = 1}
  local sa = c:expect{type = "SUBACK", id = 7, reasons = {1}}
  c:send{type = "PUBLISH", topic = t:topic("a/b"), qos = 1, id = 3, payload = "hello"}
  c:expect{type = "PUBACK", id = 3}
  local p = c:expect{type = "PUBLISH", topic = t:topic("a/b"), payload = "hello",
                     props = t.v5 and {topic_alias = mqtt.ABSENT} or nil}
  t:check(p.qos == 0, "delivery at QoS 0", "qos " .. p.qos)
  -- several packets in one write, and a raw packet built by hand
  c:send_many{{type = "PINGREQ"}, mqtt.hex("c0 00")}
  c:expect{type = "PINGRESP"}
  c:expect{type = "PINGRESP"}
  c:send_slow(mqtt.packet(0xc0, ""), 0.01)
  local i = c:expect_one_of({{type = "PUBACK"}, {type = "PINGRESP"}})
  t:check(i == 2, "the second alternative", "alternative " .. tostring(i))
  c:expect_silence(0.2)
  c:send{type = "DISCONNECT"}
  local r = c:expect_closed{within = 2}
  t:check(r.how == "fin", "a FIN", r.how)
  t:check(sa.id == 7, "SUBACK id 7", tostring(sa.id))
end
