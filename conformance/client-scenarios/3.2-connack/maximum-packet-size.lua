scenario {
  id = "3.2/connack/maximum-packet-size",
  title = "The client sends no packet larger than the server's Maximum Packet Size",
  description = [[A server announcing Maximum Packet Size 128 disconnects a client whose packet is
bigger. The application publishes a 400-byte payload: the library must not send it (it may
report an error). A small publish afterwards shows whether the connection is still usable.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-15"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true, connack = {props = {maximum_packet_size = 128}}})
  local big = d:publish{topic = "mqc/mps/big", payload = string.rep("z", 400), qos = 0}
  local a1 = d:ack(big)
  t:log("big publish ack ok=" .. tostring(a1.ok) .. " " .. tostring(a1.error))
  local small = d:publish{topic = "mqc/mps/small", payload = "ok", qos = 0}
  d:ack(small)
  local got_small = false
  for _, p in ipairs(cl.drain(t, c, 1.5)) do
    t:check(#p.raw <= 128, "no packet over 128 bytes", p.type .. " of " .. #p.raw .. " bytes")
    if p.type == "PUBLISH" and p.payload == "ok" then got_small = true end
  end
  t:log(got_small and "the small PUBLISH came through" or "the small PUBLISH did not come")
end
