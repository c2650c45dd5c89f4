scenario {
  id = "4.3/qos/recv-qos2-expired-completes",
  title = "5.0: the client completes a QoS 2 exchange whose message has expired meanwhile",
  description = [[The server sends a QoS 2 PUBLISH with Message Expiry Interval 1; the client
answers PUBREC. The server sends the PUBREL only after 2 s, when the message has expired. A QoS 2
receiver must continue the acknowledgement sequence even if it applied message expiry (4.3.3-13):
the client must answer PUBCOMP with the same id (4.3.3-11), and deliver the message at most once.]],
  role = "client",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.3.3-13", "MQTT-4.3.3-11"}},
  level = "MUST",
  timeout = 12,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/q2x/#", 2)
  c:send{type = "PUBLISH", topic = "mqc/q2x/a", qos = 2, id = 77, payload = "brief",
    props = {message_expiry_interval = 1}}
  c:expect({type = "PUBREC", id = 77}, {skip = {"PINGREQ"}})
  t:sleep(2)
  c:send{type = "PUBREL", id = 77}
  local p = c:expect({type = "PUBCOMP", id = 77}, {skip = {"PINGREQ"},
    expected = "PUBCOMP id 77 for the expired message's PUBREL"})
  t:check(p.reason == nil or p.reason == 0, "PUBCOMP reason 0x00 (the id was known)",
    string.format("PUBCOMP reason 0x%02x", p.reason or 0))
  local n = 0
  repeat
    local ev = d:event{within = 0.5}
    if ev and ev.event == "message" and ev.payload == "brief" then n = n + 1 end
  until not ev
  t:check(n <= 1, "the message delivered at most once", n .. " message events for it")
end
