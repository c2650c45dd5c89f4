scenario {
  id = "3.1/will/disconnect-with-will",
  title = "5.0: DISCONNECT with reason 0x04 makes the server publish the will",
  description = [[Reason 0x04 (Disconnect with Will Message) asks the server to publish the will
although the client disconnects normally (Table 3-10). Only reason 0x00 removes the will.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-8", "§3.14.2.1"}},
  level = "MUST",
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {will = {topic = wt, payload = "asked", qos = 0}})
  w:send{type = "DISCONNECT", reason = 0x04}
  w:close()
  s:expect{type = "PUBLISH", topic = wt, payload = "asked"}
end
