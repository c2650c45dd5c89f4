scenario {
  id = "3.2/connack/retain-unavailable",
  title = "With Retain Available 0 the client sends no retained PUBLISH",
  description = [[A server without retained messages announces Retain Available 0 and treats a
PUBLISH with RETAIN 1 as a protocol error. The library must refuse a retained publish or send it
without RETAIN.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-14"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true, connack = {props = {retain_available = 0}}})
  local id = t.client:publish{topic = "mqc/ret/x", payload = "x", qos = 0, retain = true}
  local ack = t.client:ack(id)
  t:log("publish ack ok=" .. tostring(ack.ok) .. " " .. tostring(ack.error))
  for _, p in ipairs(cl.drain(t, c, 1.5)) do
    if p.type == "PUBLISH" then
      t:check(not p.retain, "no PUBLISH with RETAIN 1", "PUBLISH with RETAIN 1")
    end
  end
end
