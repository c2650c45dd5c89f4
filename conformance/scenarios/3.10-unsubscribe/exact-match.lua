scenario {
  id = "3.10/unsubscribe/exact-match",
  title = "UNSUBSCRIBE compares filters character by character (no wildcard matching)",
  description = [[Subscribed to "<p>/+". Unsubscribing "<p>/x" matches no subscription literally, so
"<p>/+" must stay: a message to <p>/x is still delivered.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.10.4-1"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "SUBSCRIBE", id = 1, filter = t:topic("+"), qos = 0}
  t:subscribed(c, {type = "SUBACK", id = 1})
  c:send{type = "UNSUBSCRIBE", id = 2, filter = t:topic("x")}
  c:expect{type = "UNSUBACK", id = 2}
  t:connect("pub"):send{type = "PUBLISH", topic = t:topic("x"), payload = "kept", qos = 0}
  c:expect{type = "PUBLISH", topic = t:topic("x"), payload = "kept"}
end
