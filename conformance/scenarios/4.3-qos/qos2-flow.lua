scenario {
  id = "4.3/qos/qos2-flow",
  title = "QoS 2 inbound: PUBREC, then PUBCOMP for PUBREL, all with the same Packet Identifier",
  description = [[The client publishes QoS 2 with id 0x0102. The server must answer PUBREC with that
id; after our PUBREL (flags 0010) it must answer PUBCOMP with that id. v5 reason codes must come
from the PUBREC and PUBCOMP tables.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-2", "MQTT-2.3.1-6", "MQTT-3.3.4-1"},
    ["5.0"] = {"MQTT-4.3.3-8", "MQTT-4.3.3-11", "MQTT-2.2.1-5", "MQTT-3.5.2-1", "MQTT-3.7.2-1"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("q2"), payload = "x", qos = 2, id = 0x0102}
  local rec = c:expect{type = "PUBREC", id = 0x0102}
  if t.v5 then t:check((rec.reason or 0) < 0x80, "PUBREC success", tostring(rec.reason)) end
  c:send{type = "PUBREL", id = 0x0102}
  c:expect{type = "PUBCOMP", id = 0x0102}
end
