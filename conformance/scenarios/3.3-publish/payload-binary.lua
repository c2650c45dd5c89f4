scenario {
  id = "3.3/publish/payload-binary",
  title = "A binary payload (all 256 byte values) is delivered unchanged",
  description = [[The payload is application data the server must not interpret: we publish the
bytes 00..FF and expect them back byte for byte.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {"§3.3.3", "MQTT-4.5.0-1"},
  level = "MUST",
}

function run(t)
  local tp = t:topic("bin")
  local bytes = {}
  for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
  local payload = table.concat(bytes)
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  t:connect("pub"):send{type = "PUBLISH", topic = tp, payload = payload, qos = 0}
  s:expect{type = "PUBLISH", topic = tp, payload = payload}
end
