scenario {
  id = "3.10/unsubscribe/stops-delivery",
  title = "After UNSUBACK no new messages are delivered for the removed subscription",
  description = [[Subscribe T, unsubscribe T. A message on T reaches a witness subscriber of
T; the unsubscribed client must receive nothing within 0.5 s after that (it cannot receive a marker
on T, and deliveries on different topics are not ordered).]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.10.4-2"},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local tp = t:topic("t")
  local c = t:connect("c1")
  c:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(c, {type = "SUBACK", id = 1})
  c:send{type = "UNSUBSCRIBE", id = 2, filter = tp}
  c:expect{type = "UNSUBACK", id = 2}
  local w = t:connect("witness")
  w:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(w, {type = "SUBACK", id = 1})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "gone", qos = 0}
  w:expect({type = "PUBLISH", topic = tp, payload = "gone"}, {expected = "the message reaches the witness subscriber"})
  verify.none_within(t, c, verify.WINDOW, function() return true end, "message after UNSUBSCRIBE")
end
