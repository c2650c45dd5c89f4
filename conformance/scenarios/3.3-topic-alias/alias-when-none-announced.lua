scenario {
  id = "3.3/topic-alias/alias-when-none-announced",
  title = "5.0: a Topic Alias sent to a server that announced no Topic Alias Maximum closes the connection",
  description = [[A server whose CONNACK has no Topic Alias Maximum (or 0) accepts no Topic Alias
(3.2.2-18: the client must not send one). A PUBLISH with Topic Alias 1 then exceeds the maximum of
0, a Protocol Error (§3.3.2.3.4): the server must close, after DISCONNECT 0x94 or another reason of
0x80 or above if it sends one. UNSUPPORTED against a server that announces a maximum above 0.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-18", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local max = c.connack.props and c.connack.props.topic_alias_maximum or 0
  if max > 0 then
    t:unsupported("the server announces Topic Alias Maximum " .. max .. " (the case needs none)")
  end
  local tp = t:topic("ta")
  local prop = mqtt.hex("23") .. mqtt.u16(1)
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str(tp) .. mqtt.vbi(#prop) .. prop .. "x"))
end
