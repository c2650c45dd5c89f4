scenario {
  id = "3.1/connect/will-qos2-retain",
  title = "A retained QoS 2 will is sent with Will QoS 2 and Will Retain 1",
  description = [[Will Retain decides whether the server stores the will as a retained message;
Will QoS the delivery guarantee. Both must be what the application asked for.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-9", "MQTT-3.1.2-14"}, ["5.0"] = {"MQTT-3.1.2-9", "MQTT-3.1.2-12"}},
  level = "MUST",
}

function run(t)
  local _, connect = use("client").connect(t, {clean = true,
    will = {topic = "mqc/will/q2", payload = "bye", qos = 2, retain = true}})
  local w = connect.will
  t:check(w ~= nil, "a will in CONNECT", "no will")
  t:check(w.qos == 2 and w.retain == true, "Will QoS 2, Will Retain 1",
    "Will QoS " .. tostring(w.qos) .. ", Will Retain " .. tostring(w.retain))
  t:check(w.topic == "mqc/will/q2" and w.payload == "bye", "will topic and message as set",
    tostring(w.topic) .. " / " .. tostring(w.payload))
end
