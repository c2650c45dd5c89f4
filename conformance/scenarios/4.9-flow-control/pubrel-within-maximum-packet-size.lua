scenario {
  id = "4.9/flow-control/pubrel-within-maximum-packet-size",
  title = "5.0: the server's PUBREL fits the subscriber's small Maximum Packet Size",
  description = [[A subscriber announcing Maximum Packet Size 32 receives a QoS 2 message and
answers PUBREC. The PUBREL the server sends back must be at most 32 bytes: a Reason String or User
Property that would push it over must be left out (3.6.2-2 / -3). A server that adds none passes
without having to drop anything.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.6.2-2", "MQTT-3.6.2-3", "MQTT-3.1.2-24"}},
  level = "MUST",
  needs = {"qos2", "grant_qos2"},
}

function run(t)
  local tp = t:topic("r")
  local s = t:connect("sub", {props = {maximum_packet_size = 32}})
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {2}})
  use("qos").publish(t:connect("pub"), {topic = tp, payload = "x", qos = 2, id = 1})
  local m = s:expect{type = "PUBLISH", topic = tp, qos = 2}
  s:send{type = "PUBREC", id = m.id}
  local r = s:expect{type = "PUBREL", id = m.id}
  t:check(#r.raw <= 32, "PUBREL of at most 32 bytes", "PUBREL of " .. #r.raw .. " bytes")
  s:send{type = "PUBCOMP", id = m.id}
end
