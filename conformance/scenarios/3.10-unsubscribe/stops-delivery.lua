scenario {
  id = "3.10/unsubscribe/stops-delivery",
  title = "After UNSUBACK no new messages are delivered for the removed subscription",
  description = [[Subscribe T and M, unsubscribe T. A message on T followed by a marker on M (same
publisher): the subscriber must receive only the marker.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.10.4-2"},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "SUBSCRIBE", id = 1, subs = {{filter = t:topic("t"), qos = 0}, {filter = t:topic("m"), qos = 0}}}
  c:expect{type = "SUBACK", id = 1}
  c:send{type = "UNSUBSCRIBE", id = 2, filter = t:topic("t")}
  c:expect{type = "UNSUBACK", id = 2}
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = t:topic("t"), payload = "gone", qos = 0}
  p:send{type = "PUBLISH", topic = t:topic("m"), payload = "marker", qos = 0}
  c:expect({type = "PUBLISH", topic = t:topic("m"), payload = "marker"}, {expected = "only the marker"})
end
