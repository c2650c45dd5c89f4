scenario {
  id = "3.1/keepalive/no-pingresp-closes",
  title = "A PINGREQ left unanswered makes the client close and report the loss",
  description = [[PINGRESP is how a client learns the server and the network are alive. When it
does not come within a reasonable time the client should close the connection and tell the
application, instead of sitting on a dead link. We never answer the PINGREQ and allow twice the
Keep Alive plus 1 s.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {"§3.1.2.10"},
  level = "SHOULD",
  timeout = 24,
}

function run(t)
  local cl = use("client")
  local k = cl.keepalive(t, 2)
  local c = cl.connect(t, {clean = true, keepalive = k})
  c:expect({type = "PINGREQ"}, {within = k + 0.5, level = "MUST",
    stmt = t.v5 and "MQTT-3.1.2-20" or "MQTT-3.1.2-23"})
  c:expect_closed{within = 2 * k + 1}
  t.client:expect({event = "connection_lost"}, {within = 3})
end
