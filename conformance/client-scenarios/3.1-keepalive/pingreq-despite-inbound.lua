scenario {
  id = "3.1/keepalive/pingreq-despite-inbound",
  title = "Traffic from the server does not replace the client's own PINGREQ",
  description = [[Keep Alive bounds the gap between packets the *client* sends. The server keeps
sending QoS 0 PUBLISHes every 0.5 s, which the client receives but does not answer; the client
must still send a PINGREQ within its Keep Alive, or the server would time it out.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-23"}, ["5.0"] = {"MQTT-3.1.2-20"}},
  level = "MUST",
  timeout = 16,
}

function run(t)
  local cl = use("client")
  local k = cl.keepalive(t, 2)
  local c = cl.connect(t, {clean = true, keepalive = k})
  local steps = math.floor((k + 0.5) / 0.5)
  for _ = 1, steps do
    c:send{type = "PUBLISH", topic = "mqc/ka/in", payload = "tick", qos = 0}
    local p, why = c:recv{within = 0.5}
    if not p and why ~= "timeout" then
      t:fail{expected = "the connection stays open", observed = "connection " .. tostring(why)}
    end
    if p then
      t:check(p.type == "PINGREQ", "only PINGREQ from the client", p.type)
      c:send{type = "PINGRESP"}
      return
    end
  end
  t:fail{expected = "a PINGREQ within the Keep Alive (" .. k .. " s + 0.5 s)",
    observed = "no packet from the client while it only received PUBLISHes"}
end
