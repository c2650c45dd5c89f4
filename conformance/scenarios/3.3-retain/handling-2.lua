scenario {
  id = "3.3/retain/handling-2",
  title = "5.0: Retain Handling 2 never sends retained messages on subscribe",
  description = [[A retained message exists; a subscription with Retain Handling 2 must not receive
it. A live marker after the SUBACK bounds the wait.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.1-11"}},
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
  s:send{type = "SUBSCRIBE", id = 1, subs = {{filter = tp, qos = 0, rh = 2}}}
  t:subscribed(s, {type = "SUBACK", id = 1})
  p:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 0}
  s:expect({type = "PUBLISH", topic = tp, payload = "marker"}, {expected = "only the marker (Retain Handling 2)"})
  p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
end
