-- Finding (mosquitto 2.0.11): same late keep-alive close as 3.1/keepalive/timeout-closes (about 6 s for Keep Alive 1).
scenario {
  id = "3.1/keepalive/partial-packet-not-activity",
  title = "A partial packet followed by silence does not keep the connection alive",
  description = [[Keep Alive 1 s; the client sends the first two bytes of a PUBLISH and then
nothing. No complete control packet arrives, so the server must still close by 1.5 x Keep Alive
(we allow 1 s extra). A server waiting forever on an incomplete packet can be exhausted by idle
sockets.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-24"}, ["5.0"] = {"MQTT-3.1.2-22"}},
  level = "MUST",
  timeout = 6,
}

function run(t)
  local c = t:connect("c1", {keepalive = 1})
  if t.v5 and c.connack.props and c.connack.props.server_keep_alive
      and c.connack.props.server_keep_alive ~= 1 then
    t:unsupported("server imposes Server Keep Alive " .. c.connack.props.server_keep_alive)
  end
  c:send_hex("30 20 00")
  c:expect_closed{within = 2.5}
end
