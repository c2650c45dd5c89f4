scenario {
  id = "3.2/connack/maximum-qos-publish-above",
  title = "5.0: a PUBLISH above the server's Maximum QoS is refused with DISCONNECT 0x9B",
  description = [[When the CONNACK announces Maximum QoS M < 2, a PUBLISH at QoS M+1 breaks the
announced limit; the server handles it as a Protocol Error: DISCONNECT 0x9B (QoS not supported)
and close (3.2.2.3.4). A bare close is accepted too. Unsupported for servers with Maximum QoS 2.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "§3.2.2.3.4"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local maxq = c.connack.props and c.connack.props.maximum_qos
  if maxq == nil then t:unsupported("Maximum QoS 2 (no Maximum QoS property)") end
  c:send_unchecked{type = "PUBLISH", topic = t:topic("q"), payload = "x", qos = maxq + 1, id = 1}
  local r = c:expect_closed{within = 1}
  if r.disconnect then
    t:check(r.disconnect.reason == 0x9B, "DISCONNECT 0x9B", string.format("0x%02x", r.disconnect.reason))
  end
end
