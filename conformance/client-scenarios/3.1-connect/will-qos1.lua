scenario {
  id = "3.1/connect/will-qos1",
  title = "A QoS 1 will is sent with Will Flag 1, Will QoS 1, Retain 0, topic and message",
  description = [[The will is the only message the server publishes on the client's behalf after
an abnormal end, so every part of it must reach the server as the application set it.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-9", "MQTT-3.1.2-14", "MQTT-3.1.3-10"},
    ["5.0"] = {"MQTT-3.1.2-9", "MQTT-3.1.2-12", "MQTT-3.1.3-11"}},
  level = "MUST",
}

function run(t)
  local _, connect = use("client").connect(t, {clean = true,
    will = {topic = "mqc/will/q1", payload = "gone", qos = 1, retain = false}})
  t:check(connect.will ~= nil, "a will in CONNECT", "no will")
  local w = connect.will
  t:check(w.topic == "mqc/will/q1" and w.payload == "gone", "will topic mqc/will/q1, message gone",
    tostring(w.topic) .. " / " .. tostring(w.payload))
  t:check(w.qos == 1 and not w.retain, "Will QoS 1, Will Retain 0",
    "Will QoS " .. tostring(w.qos) .. ", Will Retain " .. tostring(w.retain))
end
