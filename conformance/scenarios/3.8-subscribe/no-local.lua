scenario {
  id = "3.8/subscribe/no-local",
  title = "5.0: No Local 1 stops a client's own messages from coming back to it",
  description = [[Client A subscribes T with No Local 1 and publishes to T; client B publishes to T
afterwards. A must receive only B's message: the server must not forward a message to the client id
that published it on a No Local subscription.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.8.3-3"}},
  level = "MUST",
}

function run(t)
  local tp = t:topic("nl")
  local a = t:connect("a")
  a:send{type = "SUBSCRIBE", id = 1, subs = {{filter = tp, qos = 0, no_local = true}}}
  a:expect{type = "SUBACK", id = 1, reasons = {0}}
  a:send{type = "PUBLISH", topic = tp, payload = "mine", qos = 0}
  a:send{type = "PINGREQ"}
  a:expect({type = "PINGRESP"}, {expected = "PINGRESP (own message must not come back)"})
  t:connect("b"):send{type = "PUBLISH", topic = tp, payload = "theirs", qos = 0}
  a:expect({type = "PUBLISH", topic = tp, payload = "theirs"}, {expected = "only B's message"})
end
