scenario {
  id = "3.2/connack/will-retain-unavailable",
  title = "5.0: a server without retain refuses a CONNECT with Will Retain 1",
  description = [[If the server does not support retained messages and a CONNECT has Will Retain 1,
it must reject the connection; it should answer CONNACK 0x9A (Retain not supported), then close.
Probed with a normal connection first; unsupported for servers that support retain.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-13"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local probe = t:connect("probe")
  if not (probe.connack.props and probe.connack.props.retain_available == 0) then
    t:unsupported("the server supports retained messages")
  end
  local c = t:open("c1")
  c:send{type = "CONNECT", client_id = t:client_id("c1"), clean = true, keepalive = 30,
    will = {topic = t:topic("w"), payload = "x", qos = 0, retain = true}}
  local i, p = c:expect_one_of({{type = "CONNACK", reason = verify.FAILURE},
    {closed = true}}, {within = 2})
  if i == 1 then
    c:expect_closed{within = 1}
    if p.reason ~= 0x9A then
      t:nonstrict{expected = "CONNACK 0x9A", observed = string.format("CONNACK 0x%02x", p.reason)}
    end
  end
end
