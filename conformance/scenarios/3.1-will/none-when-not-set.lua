scenario {
  id = "3.1/will/none-when-not-set",
  title = "A connection without a Will publishes nothing when it ends abruptly",
  description = [[A watcher subscribes to a filter covering this case's topics. Client X connects
without a Will and is reset (RST); then client Y, whose Will is on a topic under the same filter,
is reset. Y's Will must arrive; X must not produce any message. Every PUBLISH the watcher gets up
to Y's Will is checked (nothing orders messages caused by different clients, so a message
published for X after Y's Will would not be seen).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-12", "MQTT-3.1.2-8"}, ["5.0"] = {"§3.1.2.5", "MQTT-3.1.2-8"}},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local w = t:connect("watch")
  w:send{type = "SUBSCRIBE", id = 1, filter = t:topic("#"), qos = 0}
  t:subscribed(w, {type = "SUBACK", id = 1})
  local x = t:connect("x", {keepalive = 60})
  t:barrier(x)
  x:reset()
  local y = t:connect("y", {will = {topic = t:topic("y/will"), payload = "y-gone", qos = 0}})
  t:barrier(y)
  y:reset()
  local m = w:expect({type = "PUBLISH"}, {expected = "Y's Will only (X set no Will)", within = 5})
  t:check(m.topic == t:topic("y/will") and m.payload == "y-gone", "Y's Will first (nothing for X)",
    "'" .. m.payload .. "' on " .. m.topic .. " before Y's Will")
end
