scenario {
  id = "3.1/will/abrupt-close",
  title = "The Will Message is published when the connection is closed without DISCONNECT",
  description = [[Client "w" connects with a will (QoS 0, not retained); a subscriber listens on the
will topic. "w" then aborts the TCP connection (RST) without DISCONNECT. The server must publish
the will to the subscriber.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {"MQTT-3.1.2-8"},
  level = "MUST",
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {will = {topic = wt, payload = "gone", qos = 0, retain = false}})
  w:reset()
  s:expect{type = "PUBLISH", topic = wt, payload = "gone", qos = 0}
end
