scenario {
  id = "3.2/connack/maximum-qos-absent-qos2-works",
  title = "5.0: with no Maximum QoS in CONNACK, QoS 2 works end to end",
  description = [[A server that does not support QoS 1 or 2 must say so with Maximum QoS in CONNACK
(3.2.2-9). When CONNACK carries no Maximum QoS the server therefore supports QoS 2: a QoS 2
subscription is granted QoS 2 and a QoS 2 PUBLISH is acknowledged with PUBREC / PUBCOMP and
delivered at QoS 2. UNSUPPORTED when the CONNACK announces a Maximum QoS.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-9"}},
  level = "MUST",
}

function run(t)
  local s = t:connect("sub")
  if s.connack.props and s.connack.props.maximum_qos ~= nil then
    t:unsupported("CONNACK announces Maximum QoS " .. s.connack.props.maximum_qos)
  end
  local qos = use("qos")
  local tp = t:topic("mq")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  s:expect({type = "SUBACK", id = 1, reasons = {2}}, {expected = "SUBACK granting QoS 2 (no Maximum QoS was announced)"})
  qos.publish(t:connect("pub"), {topic = tp, payload = "two", qos = 2})
  qos.ack(s, s:expect{type = "PUBLISH", topic = tp, payload = "two", qos = 2})
end
