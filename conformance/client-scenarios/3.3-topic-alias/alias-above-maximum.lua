scenario {
  id = "3.3/topic-alias/alias-above-maximum",
  title = "The client sends no Topic Alias above the server's Topic Alias Maximum",
  description = [[The server keeps only Topic Alias Maximum alias slots (2 here). Alias 5 would be
a protocol error. The library must refuse it or send the PUBLISH without that alias.]],
  role = "client",
  section = "3.3",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-17", "MQTT-3.3.2-9"}},
  level = "MUST",
  needs = {"publish.props"},
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true, connack = {props = {topic_alias_maximum = 2}}})
  local id = t.client:publish{topic = "mqc/ta/above", payload = "x", qos = 0, props = {topic_alias = 5}}
  local ack = t.client:ack(id)
  t:log("publish ack ok=" .. tostring(ack.ok) .. " " .. tostring(ack.error))
  for _, p in ipairs(cl.drain(t, c, 1.5)) do
    if p.type == "PUBLISH" then
      local a = (p.props or {}).topic_alias
      t:check(a == nil or (a >= 1 and a <= 2), "Topic Alias absent or 1..2", "Topic Alias " .. tostring(a))
    end
  end
end
