scenario {
  id = "3.2/connack/retain-unavailable",
  title = "5.0: with Retain Available 0, a retained PUBLISH is refused with DISCONNECT 0x9A",
  description = [[A server announcing Retain Available 0 that receives a PUBLISH with RETAIN 1 must
treat it as a Protocol Error; DISCONNECT 0x9A (Retain not supported) then close (3.2.2.3.5). A bare
close is accepted too. Unsupported for servers that support retain.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "§3.2.2.3.5"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  if not (c.connack.props and c.connack.props.retain_available == 0) then
    t:unsupported("the server supports retained messages")
  end
  c:send_unchecked{type = "PUBLISH", topic = t:topic("r"), payload = "x", qos = 0, retain = true}
  local r = c:expect_closed{within = 1}
  if r.disconnect then
    t:check(r.disconnect.reason == 0x9A, "DISCONNECT 0x9A", string.format("0x%02x", r.disconnect.reason))
  end
end
