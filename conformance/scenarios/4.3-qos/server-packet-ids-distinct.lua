scenario {
  id = "4.3/qos/server-packet-ids-distinct",
  title = "The server uses distinct, non-zero Packet Identifiers for its unacknowledged QoS 1 messages",
  description = [[Ten QoS 1 messages reach a subscriber that holds back every PUBACK (Receive Maximum
left at its default). Each in-flight PUBLISH must carry a non-zero id not used by another
unacknowledged one. Then all are acknowledged.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.3.1-4", "MQTT-2.3.1-1"}, ["5.0"] = {"MQTT-2.2.1-4"}},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
}

function run(t)
  local tp = t:topic("ids")
  local s = t:connect("s")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {1}})
  local p = t:connect("p")
  local batch = {}
  for i = 1, 10 do batch[i] = {type = "PUBLISH", topic = tp, payload = tostring(i), qos = 1, id = i} end
  p:send_many(batch)
  local used, ids = {}, {}
  for i = 1, 10 do
    local m = s:expect{type = "PUBLISH", topic = tp, payload = tostring(i), qos = 1}
    t:check(m.id ~= 0, "non-zero Packet Identifier", "0")
    t:check(not used[m.id], "an id not in use", "id " .. m.id .. " used twice while unacknowledged")
    used[m.id] = true
    ids[#ids + 1] = m.id
  end
  for _, id in ipairs(ids) do s:send{type = "PUBACK", id = id} end
end
