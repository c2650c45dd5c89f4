scenario {
  id = "4.3/qos/qos2-id-reuse",
  title = "After PUBCOMP, a QoS 2 PUBLISH reusing the Packet Identifier is a new message",
  description = [[Complete a QoS 2 flow with id 12, then publish a different payload with id 12.
The id was released by PUBCOMP, so the second message is new and must be delivered as well.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-2"}, ["5.0"] = {"MQTT-4.3.3-12"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local tp = t:topic("reuse2")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("pub")
  for _, pl in ipairs({"first", "second"}) do
    p:send{type = "PUBLISH", topic = tp, payload = pl, qos = 2, id = 12}
    p:expect{type = "PUBREC", id = 12}
    p:send{type = "PUBREL", id = 12}
    p:expect{type = "PUBCOMP", id = 12}
  end
  s:expect{type = "PUBLISH", topic = tp, payload = "first"}
  s:expect{type = "PUBLISH", topic = tp, payload = "second"}
end
