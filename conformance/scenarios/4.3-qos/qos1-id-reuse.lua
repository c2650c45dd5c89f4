scenario {
  id = "4.3/qos/qos1-id-reuse",
  title = "After PUBACK, a PUBLISH reusing the Packet Identifier is a new message",
  description = [[Publish QoS 1 id 7, get PUBACK; publish again with id 7 (and DUP 1, which must
not matter). Once the PUBACK is sent the id is free again, so the second PUBLISH is a new message
and must be delivered too: the subscriber gets both payloads.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.2-2"}, ["5.0"] = {"MQTT-4.3.2-5"}},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
}

function run(t)
  local tp = t:topic("reuse")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {1}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "first", qos = 1, id = 7}
  p:expect{type = "PUBACK", id = 7}
  p:send{type = "PUBLISH", topic = tp, payload = "second", qos = 1, id = 7, dup = true}
  p:expect{type = "PUBACK", id = 7}
  for _, want in ipairs({"first", "second"}) do
    local m = s:expect{type = "PUBLISH", topic = tp, payload = want, qos = 1}
    s:send{type = "PUBACK", id = m.id}
  end
end
