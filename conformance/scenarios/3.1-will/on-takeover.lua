scenario {
  id = "3.1/will/on-takeover",
  title = "The Will of a connection closed by a session takeover is published",
  description = [[Client A connects with a Will (5.0: no Will Delay). A second connection with the
same Client Identifier and Clean Session / Clean Start 1 takes over: the server closes A's
connection (3.1.4-2 / 3.1.4-3) without a DISCONNECT from A, and with Clean Start 1 the old session
ends too, so the Will must be published (3.1.2-8 in both versions; 5.0 publishes it when the
connection closes and the delay has passed or the session ends).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-8", "MQTT-3.1.4-2"}, ["5.0"] = {"MQTT-3.1.2-8", "MQTT-3.1.4-3"}},
  level = "MUST",
}

function run(t)
  local wt = t:topic("will")
  local w = t:connect("watch")
  w:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(w, {type = "SUBACK", id = 1})
  local id = t:client_id("a")
  local a = t:connect("a1", {client_id = id, will = {topic = wt, payload = "taken-over", qos = 0}})
  local b = t:connect("a2", {client_id = id, clean = true})
  a:expect_closed{within = 3}
  w:expect({type = "PUBLISH", topic = wt, payload = "taken-over"},
    {expected = "the Will of the connection that was taken over", within = 5})
  b:send{type = "DISCONNECT"}
end
