scenario {
  id = "4.3/qos/send-qos0",
  title = "A QoS 0 publish goes out with QoS 0, DUP 0 and no packet id",
  description = [[A QoS 0 PUBLISH has no Packet Identifier and its DUP flag is always 0; a server
reading an id that is not there would take two bytes of the payload.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.1-1", "MQTT-3.3.1-2", "MQTT-2.3.1-5"},
    ["5.0"] = {"MQTT-4.3.1-1", "MQTT-3.3.1-2", "MQTT-2.2.1-2"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  t.client:publish{topic = "mqc/s0/a", payload = "abc", qos = 0}
  local p = c:expect({type = "PUBLISH", topic = "mqc/s0/a"}, {skip = {"PINGREQ"}})
  t:check(p.qos == 0 and not p.dup, "QoS 0, DUP 0", "QoS " .. p.qos .. ", DUP " .. tostring(p.dup))
  t:check(p.payload == "abc", "payload abc (no packet id taken from it)", tostring(p.payload))
end
