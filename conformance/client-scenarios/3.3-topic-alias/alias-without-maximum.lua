scenario {
  id = "3.3/topic-alias/alias-without-maximum",
  title = "No Topic Alias Maximum in CONNACK: the client sends no Topic Alias",
  description = [[Topic Alias Maximum absent means the server accepts no aliases at all; a PUBLISH
carrying one is a protocol error there. The application asks for alias 1 anyway: the library must
refuse the publish or send it without the alias.]],
  role = "client",
  section = "3.3",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-18"}},
  level = "MUST",
  needs = {"publish.props"},
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  local id = t.client:publish{topic = "mqc/ta/none", payload = "x", qos = 0, props = {topic_alias = 1}}
  local ack = t.client:ack(id)
  t:log("publish ack ok=" .. tostring(ack.ok) .. " " .. tostring(ack.error))
  for _, p in ipairs(cl.drain(t, c, 1.5)) do
    if p.type == "PUBLISH" then
      t:check((p.props or {}).topic_alias == nil, "PUBLISH without Topic Alias",
        "Topic Alias " .. tostring((p.props or {}).topic_alias))
    end
  end
end
