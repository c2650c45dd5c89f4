scenario {
  id = "3.8/subscribe/suback-failure-reported",
  title = "A SUBACK failure code (0x80) reaches the application as a failure",
  description = [[A refused subscription is signalled only by the SUBACK code 0x80 (or a 5.0
code >= 0x80). If the library hides it, the application believes it is subscribed and waits for
messages that never come.]],
  role = "client",
  section = "3.8",
  versions = {"3.1.1", "5.0"},
  statements = {"§3.9.3"},
  level = "SHOULD",
}

function run(t)
  local d = t.client
  local c = use("client").connect(t, {clean = true})
  local id = d:subscribe{filter = "mqc/deny/x", qos = 1}
  local s = c:expect({type = "SUBSCRIBE"}, {skip = {"PINGREQ"}})
  local code = t.v5 and 0x87 or 0x80
  c:send{type = "SUBACK", id = s.id, reasons = {code}}
  d:expect({event = "subscribed", id = id, reasons = {code}},
    {expected = string.format("subscribed with reasons {0x%02x}", code)})
end
