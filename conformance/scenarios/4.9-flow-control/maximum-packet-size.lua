scenario {
  id = "4.9/flow-control/maximum-packet-size",
  title = "5.0: the server drops messages larger than the client's Maximum Packet Size",
  description = [[The subscriber sets Maximum Packet Size 128. A 500-byte message is published,
then a 10-byte one. The server must not send a packet over 128 bytes; it drops the large one as if
delivered and sends the small one.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-24", "MQTT-3.1.2-25"}},
  level = "MUST",
}

function run(t)
  local tp = t:topic("mps")
  local s = t:connect("s", {props = {maximum_packet_size = 128}})
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("p")
  p:send{type = "PUBLISH", topic = tp, payload = string.rep("L", 500), qos = 0}
  p:send{type = "PUBLISH", topic = tp, payload = "small", qos = 0}
  local m = s:expect({type = "PUBLISH", topic = tp}, {expected = "only the small message"})
  t:check(#m.raw <= 128, "packet of at most 128 bytes", #m.raw .. " bytes")
  t:check(m.payload == "small", "the small message", #m.payload .. "-byte payload")
end
