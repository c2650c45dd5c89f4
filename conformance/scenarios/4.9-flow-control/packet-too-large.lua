scenario {
  id = "4.9/flow-control/packet-too-large",
  title = "5.0: a packet above the server's Maximum Packet Size closes the connection",
  description = [[When the server advertises Maximum Packet Size M, a PUBLISH of M+100 bytes is a
violation; the server closes, ideally after DISCONNECT 0x95 (3.1.2.11.4 / 3.2.2.3.6). Unsupported
when the server sets no limit.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "§3.2.2.3.6"}},
  level = "MUST",
}

function run(t)
  local max = t:caps().maximum_packet_size or 0
  if max == 0 or max > 4000000 then t:unsupported("no small Maximum Packet Size advertised") end
  local c = t:connect("c1")
  -- above the announced limit on purpose: send_unchecked (c:send keeps to it)
  c:send_unchecked{type = "PUBLISH", topic = t:topic("big"), payload = string.rep("x", max + 100), qos = 0}
  use("verify").closed_on_error(t, c, 3)
end
