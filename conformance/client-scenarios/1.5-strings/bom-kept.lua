scenario {
  id = "1.5/strings/bom-kept",
  title = "EF BB BF inside a received Topic Name reaches the application unchanged",
  description = [[The server publishes on "mqc/h/a" EF BB BF "b" (U+FEFF inside the topic) to a
client subscribed to "mqc/h/#". A receiver must take EF BB BF as U+FEFF wherever it appears and
must not skip or strip it (3.1.1 1.5.3-3, 5.0 1.5.4-3): the message event must carry the topic
with those three bytes in place.]],
  role = "client",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-3"}, ["5.0"] = {"MQTT-1.5.4-3"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/h/#", 0)
  local topic = "mqc/h/a\xEF\xBB\xBFb"
  c:send{type = "PUBLISH", topic = topic, qos = 0, payload = "bom"}
  local m = t.client:expect({event = "message", payload = "bom"},
    {expected = "the message delivered to the application"})
  t:check(m.topic == topic, "topic " .. mqtt.tohex(topic) .. " (BOM kept)",
    "topic " .. mqtt.tohex(m.topic or ""))
end
