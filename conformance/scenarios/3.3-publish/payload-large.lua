scenario {
  id = "3.3/publish/payload-large",
  title = "A 200 kB payload (3-byte Remaining Length) is delivered intact",
  description = [[A 204,800-byte payload needs a three-byte Remaining Length. The server must
deliver it unchanged. If the server advertises a smaller Maximum Packet Size the case is
unsupported.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§2.2.3", "MQTT-4.5.0-1"}, ["5.0"] = {"§2.1.4", "MQTT-4.5.0-1"}},
  level = "MUST",
}

function run(t)
  local caps = t:caps()
  if caps.maximum_packet_size and caps.maximum_packet_size ~= 0 and caps.maximum_packet_size < 210000 then
    t:unsupported("Maximum Packet Size " .. caps.maximum_packet_size)
  end
  local tp = t:topic("big")
  local payload = string.rep("0123456789abcdef", 12800)
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  t:connect("pub"):send{type = "PUBLISH", topic = tp, payload = payload, qos = 0}
  s:expect({type = "PUBLISH", topic = tp, payload = payload}, {within = 4})
end
