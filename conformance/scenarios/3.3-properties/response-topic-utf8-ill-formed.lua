scenario {
  id = "3.3/properties/response-topic-utf8-ill-formed",
  title = "5.0: a PUBLISH whose Response Topic is ill-formed UTF-8 closes the connection",
  description = [[The Response Topic of a PUBLISH is a UTF-8 Encoded String (MQTT-3.3.2-13). Here it holds C0 AF,
an overlong (ill-formed) encoding. A UTF-8 string that is not well formed makes the packet
Malformed (§1.5.4): the server must close the connection, after a DISCONNECT with a reason of
0x80 or above if it sends one, and must not forward the message.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-13", "MQTT-1.5.4-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local tp = t:topic("p")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local prop = mqtt.hex("08") .. mqtt.str("\xC0\xAF")
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str(tp) .. mqtt.vbi(#prop) .. prop .. "bad"))
  t:connect("p2"):send{type = "PUBLISH", topic = tp, payload = "marker", qos = 0}
  s:expect({type = "PUBLISH", topic = tp, payload = "marker"},
    {expected = "only the marker (the malformed PUBLISH is not forwarded)"})
end
