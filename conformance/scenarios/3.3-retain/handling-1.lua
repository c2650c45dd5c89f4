scenario {
  id = "3.3/retain/handling-1",
  title = "5.0: Retain Handling 1 sends retained messages only for a new subscription",
  description = [[Subscribe with Retain Handling 1: the subscription is new, so the retained message
comes. Subscribe again identically: the subscription exists, so no retained message may be sent
(a live marker after the second SUBACK bounds the wait).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.1-10"}},
  level = "MUST",
  needs = {"retain"},
}

function run(t)
  local tp = t:topic("r")
  local witness = use("witness")
  local w = witness.open(t, tp)
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "kept", qos = 0, retain = true}
  witness.saw(t, w, {"kept"}) -- the broker has processed them
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, subs = {{filter = tp, qos = 0, rh = 1}}}
  use("suback").with_retained(s, {type = "SUBACK", id = 1}, {{type = "PUBLISH", topic = tp, payload = "kept", retain = true}})
  s:send{type = "SUBSCRIBE", id = 2, subs = {{filter = tp, qos = 0, rh = 1}}}
  t:subscribed(s, {type = "SUBACK", id = 2})
  p:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 0}
  s:expect({type = "PUBLISH", topic = tp, payload = "marker"}, {expected = "only the marker (existing subscription)"})
  p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
end
