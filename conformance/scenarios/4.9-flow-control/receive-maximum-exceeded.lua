-- Finding (mosquitto 2.0.11): answers the PUBLISH beyond its Receive Maximum (20) with PUBREC 0x97 (Quota exceeded) and keeps the connection instead of DISCONNECT 0x93 and close.
scenario {
  id = "4.9/flow-control/receive-maximum-exceeded",
  title = "5.0: a client exceeding the server's Receive Maximum is disconnected",
  description = [[When the server advertises a Receive Maximum R (below 200, to stay quick), the
client sends R+1 QoS 2 PUBLISHes without PUBREL. Exceeding the quota is a Protocol Error: the
server closes, ideally after DISCONNECT 0x93. Servers with a larger Receive Maximum are unsupported
here.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "§3.3.4"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local rmax = t:caps().receive_maximum or 65535
  if rmax >= 200 then t:unsupported("server Receive Maximum " .. rmax) end
  local c = t:connect("c1")
  local batch = {}
  for i = 1, rmax + 1 do batch[i] = {type = "PUBLISH", topic = t:topic("x"), payload = "x", qos = 2, id = i} end
  c:send_many(batch)
  for _ = 1, rmax do c:expect({type = "PUBREC"}) end
  c:expect_closed{within = 1}
end
