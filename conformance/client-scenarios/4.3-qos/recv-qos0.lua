scenario {
  id = "4.3/qos/recv-qos0",
  title = "A QoS 0 PUBLISH is delivered and not acknowledged",
  description = [[QoS 0 has no acknowledgement: the client delivers the message to the application
and sends nothing back (a PUBACK for a packet id that was never sent would confuse the server).]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.3.4-1"},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/q0/#", 0)
  c:send{type = "PUBLISH", topic = "mqc/q0/a", qos = 0, payload = "zero"}
  t.client:expect{event = "message", topic = "mqc/q0/a", payload = "zero", qos = 0}
  c:expect_silence(1)
end
