scenario {
  id = "4.3/qos/server-qos2-ids-distinct",
  title = "QoS 2 deliveries in flight carry distinct non-zero ids and well-formed PUBRELs",
  description = [[A subscriber (QoS 2) receives three QoS 2 messages and answers each with PUBREC
but no PUBCOMP yet, so all three exchanges are open at once. The server must give each new
message an unused, non-zero packet id (4.3.3-1) and answer each PUBREC with a PUBREL of the same
id (4.3.3-4); the codec checks every PUBREL it sends (flags, reason code, property set).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-1", "MQTT-2.3.1-6", "MQTT-3.6.1-1"},
                ["5.0"] = {"MQTT-4.3.3-1", "MQTT-4.3.3-4", "MQTT-3.6.2-1", "MQTT-2.2.2-1", "MQTT-3.3.4-1"}},
  level = "MUST",
  needs = {"qos2", "grant_qos2"},
}

function run(t)
  local tp = t:topic("ids")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {2}})
  local qos = use("qos")
  local p = t:connect("pub")
  local seen = {}
  for i = 1, 3 do
    qos.publish(p, {topic = tp, payload = "m" .. i, qos = 2, id = i})
    local m = s:expect{type = "PUBLISH", topic = tp, payload = "m" .. i, qos = 2}
    t:check(m.id ~= 0 and not seen[m.id], "a new non-zero id for each open exchange", "id " .. m.id .. " reused or zero")
    seen[m.id] = true
    s:send{type = "PUBREC", id = m.id}
    s:expect{type = "PUBREL", id = m.id}
  end
  for id in pairs(seen) do s:send{type = "PUBCOMP", id = id} end
  t:barrier(s)
end
