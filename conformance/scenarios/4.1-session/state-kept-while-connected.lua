scenario {
  id = "4.1/session/state-kept-while-connected",
  title = "An open QoS 2 exchange is kept while the connection stays up",
  description = [[A subscriber receives a QoS 2 PUBLISH and waits 3 s (connection open, keep-alive
60 s) before PUBREC. Session state is not discarded while the connection is open (4.1.0-1): the
server must still answer with PUBREL for that id, then complete with PUBCOMP.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.1.0-1", "MQTT-4.1.0-2"}, ["5.0"] = {"MQTT-4.1.0-1", "MQTT-4.3.3-4"}},
  level = "MUST",
  needs = {"qos2", "grant_qos2"},
  timeout = 10,
}

function run(t)
  local tp = t:topic("kept")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {2}})
  use("qos").publish(t:connect("pub"), {topic = tp, payload = "slow", qos = 2, id = 1})
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "slow", qos = 2}
  t:sleep(3)
  s:send{type = "PUBREC", id = m.id}
  s:expect({type = "PUBREL", id = m.id}, {expected = "PUBREL id " .. m.id .. " (the exchange was kept)"})
  s:send{type = "PUBCOMP", id = m.id}
end
