scenario {
  id = "4.3/qos/publish-topic-null-char",
  title = "The client does not send a PUBLISH whose Topic Name holds U+0000",
  description = [[The application publishes on "mqc/nul/a<U+0000>b". Topic Names must not contain
U+0000 (4.7.3-2; 3.1.1 1.5.3-2, 5.0 1.5.4-2): the library must refuse the publish or at least never
put such a topic on the wire (the codec flags a PUBLISH that carries one). A driver whose library
takes NUL-terminated strings cannot even express the topic; its refusal makes the case UNSUPPORTED,
since it says nothing about the library.]],
  role = "client",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.7.3-2", "MQTT-1.5.3-2"}, ["5.0"] = {"MQTT-4.7.3-2", "MQTT-1.5.4-2"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  local id = d:publish{topic = "mqc/nul/a\0b", payload = "nul", qos = 1}
  local ack = d:ack(id)
  if not ack.ok and tostring(ack.error):find("NUL", 1, true) then
    t:unsupported("the driver cannot pass U+0000 to this library: " .. tostring(ack.error))
  end
  local p, why = cl.next(t, c, 1.5)
  if p and p.type == "PUBLISH" then
    t:check(not p.topic:find("\0", 1, true), "no PUBLISH with U+0000 in its Topic Name",
      "PUBLISH topic " .. mqtt.tohex(p.topic))
    t:log("the library sent the PUBLISH on " .. mqtt.tohex(p.topic) .. " (U+0000 removed or replaced)")
    c:send{type = "PUBACK", id = p.id}
  elseif p then
    t:log("client sent " .. p.type)
  else
    t:log("no PUBLISH (" .. tostring(why) .. "); the publish ack: ok=" .. tostring(ack.ok) .. " " .. tostring(ack.error))
  end
end
