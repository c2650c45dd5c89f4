scenario {
  id = "3.2/connack/maximum-qos-subscribe",
  title = "5.0: a server with Maximum QoS below 2 still accepts SUBSCRIBE for QoS 2, granting less",
  description = [[When the CONNACK announces Maximum QoS 0 or 1, a SUBSCRIBE requesting QoS 2 must
still be accepted; the granted QoS may be at most the Maximum QoS. Unsupported for servers with
Maximum QoS 2.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-9", "MQTT-3.2.2-10"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local maxq = c.connack.props and c.connack.props.maximum_qos
  if maxq == nil then t:unsupported("Maximum QoS 2 (no Maximum QoS property)") end
  c:send{type = "SUBSCRIBE", id = 1, filter = t:topic("q"), qos = 2}
  local a = c:expect{type = "SUBACK", id = 1}
  t:check(a.reasons[1] <= maxq, "granted QoS <= Maximum QoS " .. maxq, string.format("0x%02x", a.reasons[1]))
end
