scenario {
  id = "3.1/keepalive/pingreq-when-idle",
  title = "An idle client sends PINGREQ before its Keep Alive runs out, twice in a row",
  description = [[With nothing else to send, the client must send PINGREQ so that no gap between
its packets exceeds the Keep Alive; otherwise the server drops it at 1.5 x Keep Alive. We use a
2 s Keep Alive (5 s for drivers that cannot send less), answer the first PINGREQ and expect the
second one within the Keep Alive again. 0.5 s of slack covers event-loop granularity.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-23"}, ["5.0"] = {"MQTT-3.1.2-20"}},
  level = "MUST",
  timeout = 22,
}

function run(t)
  local cl = use("client")
  local k = cl.keepalive(t, 2)
  local c = cl.connect(t, {clean = true, keepalive = k})
  c:expect({type = "PINGREQ"}, {within = k + 0.5})
  c:send{type = "PINGRESP"}
  c:expect({type = "PINGREQ"}, {within = k + 0.5})
  c:send{type = "PINGRESP"}
end
