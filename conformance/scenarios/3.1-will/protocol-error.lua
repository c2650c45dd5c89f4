scenario {
  id = "3.1/will/protocol-error",
  title = "The will is published when the server closes the connection for a protocol error",
  description = [[Client "w" with a will sends a PUBLISH with QoS 3. The server must close the
connection and, since it closed it for a protocol error (a trigger listed in 3.1.2.5), publish the
will.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.1.2-8", "MQTT-3.3.1-4"},
  level = "MUST",
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {will = {topic = wt, payload = "err", qos = 0}})
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  w:send_bytes(mqtt.packet(0x36, mqtt.str(t:topic("q3")) .. mqtt.u16(1) .. (t.v5 and "\0" or "") .. "x") .. mqtt.hex("c0 00"))
  use("verify").closed_on_error(t, w, 1)
  s:expect{type = "PUBLISH", topic = wt, payload = "err"}
end
