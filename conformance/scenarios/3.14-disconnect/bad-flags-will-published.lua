scenario {
  id = "3.14/disconnect/bad-flags-will-published",
  title = "DISCONNECT with non-zero flags is invalid: the connection closes and the will is published",
  description = [[A client with a will sends DISCONNECT with first byte E1. The server must check the
reserved flags and, finding them set, close the connection (v5: as a malformed packet, DISCONNECT
0x81 allowed). Because the DISCONNECT was not valid it does not remove the will: the will must be
published.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.14.1-1", "MQTT-3.1.2-8"},
  level = "MUST",
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {will = {topic = wt, payload = "bad-disconnect", qos = 0}})
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  w:send_hex("e1 00 c0 00")
  w:expect_closed{within = 1}
  s:expect{type = "PUBLISH", topic = wt, payload = "bad-disconnect"}
end
