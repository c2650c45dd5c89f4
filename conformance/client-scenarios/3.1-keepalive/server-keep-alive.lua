scenario {
  id = "3.1/keepalive/server-keep-alive",
  title = "A Server Keep Alive in CONNACK replaces the client's own Keep Alive",
  description = [[A 5.0 server may impose its own Keep Alive in CONNACK and then times the client
out on that value. The client asks for 60 s, the CONNACK says 2 s (5 s for drivers that cannot
go lower): the client must send PINGREQ within the server's value.]],
  role = "client",
  section = "3.1",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-21", "MQTT-3.2.2-21"}},
  level = "MUST",
  timeout = 16,
}

function run(t)
  local cl = use("client")
  local k = cl.keepalive(t, 2)
  local c = cl.connect(t, {clean = true, keepalive = 60, connack = {props = {server_keep_alive = k}}})
  c:expect({type = "PINGREQ"}, {within = k + 0.5})
  c:send{type = "PINGRESP"}
end
