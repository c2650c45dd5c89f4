scenario {
  id = "3.3/topic-alias/alias-zero",
  title = "The client never sends Topic Alias 0",
  description = [[Topic Alias 0 is not a valid alias; a PUBLISH carrying it is a protocol error.
The server allows aliases (maximum 5), the application asks for alias 0: the library must refuse
it or leave the alias out.]],
  role = "client",
  section = "3.3",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-8"}},
  level = "MUST",
  needs = {"publish.props"},
  accept_malformed = true,
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true, connack = {props = {topic_alias_maximum = 5}}})
  local id = t.client:publish{topic = "mqc/ta/zero", payload = "x", qos = 0, props = {topic_alias = 0}}
  local ack = t.client:ack(id)
  t:log("publish ack ok=" .. tostring(ack.ok) .. " " .. tostring(ack.error))
  local got, why = cl.drain(t, c, 1.5)
  t:check(why ~= "malformed", "no packet the codec rejects (a PUBLISH with Topic Alias 0 is one)",
    "the client sent a packet the codec rejects (see the wire log)")
  for _, p in ipairs(got) do
    if p.type == "PUBLISH" then
      t:check((p.props or {}).topic_alias ~= 0, "no Topic Alias 0", "PUBLISH with Topic Alias 0")
    end
  end
end
