scenario {
  id = "3.8/subscribe/no-local",
  title = "5.0: No Local 1 stops a client's own messages from coming back to it",
  description = [[Client A subscribes T with No Local 1 and publishes to T; a witness without No
Local receives it, and A must get nothing within a bounded window; client B then publishes to T.
A must receive only B's message: the server must not forward a message to the client id
that published it on a No Local subscription.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.8.3-3"}},
  level = "MUST",
}

function run(t)
  local tp = t:topic("nl")
  local verify = use("verify")
  local a = t:connect("a")
  a:send{type = "SUBSCRIBE", id = 1, subs = {{filter = tp, qos = 0, no_local = true}}}
  t:subscribed(a, {type = "SUBACK", id = 1, reasons = {0}})
  -- a witness without No Local: its copy of A's message shows the broker has
  -- routed it; A's absence is then a bounded silence window (no marker can
  -- reach A from A, and nothing orders B's message against A's)
  local w = t:connect("witness")
  w:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(w, {type = "SUBACK", id = 1, reasons = {0}})
  a:send{type = "PUBLISH", topic = tp, payload = "mine", qos = 0}
  w:expect({type = "PUBLISH", topic = tp, payload = "mine"}, {expected = "A's message on the witness"})
  verify.none_within(t, a, verify.WINDOW, function(p) return p.type == "PUBLISH" and p.payload == "mine" end,
    "own message back on A")
  t:connect("b"):send{type = "PUBLISH", topic = tp, payload = "theirs", qos = 0}
  a:expect({type = "PUBLISH", topic = tp, payload = "theirs"}, {expected = "only B's message"})
end
