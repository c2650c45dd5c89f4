scenario {
  id = "3.2/connack/will-qos-unsupported",
  title = "5.0: a server refuses a CONNECT whose Will QoS exceeds its Maximum QoS",
  description = [[If the Will QoS is above the Maximum QoS the server supports, it must reject the
connection; it should answer CONNACK 0x9B (QoS not supported), then close. Probed with a normal
connection first; unsupported for servers with Maximum QoS 2.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-12"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local probe = t:connect("probe")
  local maxq = probe.connack.props and probe.connack.props.maximum_qos
  if maxq == nil then t:unsupported("Maximum QoS 2 (no Maximum QoS property)") end
  local c = t:open("c1")
  c:send{type = "CONNECT", client_id = t:client_id("c1"), clean = true, keepalive = 30,
    will = {topic = t:topic("w"), payload = "x", qos = maxq + 1}}
  local i, p = c:expect_one_of({{type = "CONNACK", reason = verify.FAILURE},
    {closed = true}}, {within = 2})
  if i == 1 then
    c:expect_closed{within = 1}
    if p.reason ~= 0x9B then
      t:nonstrict{expected = "CONNACK 0x9B", observed = string.format("CONNACK 0x%02x", p.reason)}
    end
  end
end
