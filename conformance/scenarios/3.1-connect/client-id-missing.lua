scenario {
  id = "3.1/connect/client-id-missing",
  title = "A CONNECT that ends before its Client Identifier is refused and closed",
  description = [[The Client Identifier is always present and is the first payload field
(3.1.3-3). This CONNECT's Remaining Length ends right after the variable header, so there is no
Client Identifier at all. The server must close the connection: in 3.1.1 without a CONNACK
(3.1.4-1); in 5.0 optionally after a CONNACK with a reason of 0x80 or above.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.3-3", "MQTT-3.1.4-1"}, ["5.0"] = {"MQTT-3.1.3-3", "MQTT-3.1.4-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:open("c1")
  local vh = mqtt.str("MQTT") .. (t.v5 and mqtt.hex("05 02 00 3c 00") or mqtt.hex("04 02 00 3c"))
  c:send_bytes(mqtt.packet(0x10, vh))
  if t.v5 then
    local i, ack = c:expect_one_of({{closed = true}, {type = "CONNACK", reason = function(v) return v >= 0x80 end}})
    if i == 2 then
      t:check(ack.session_present == false, "Session Present 0 on the refusal", "Session Present 1")
      c:expect_closed()
    end
  else
    c:expect_closed()
  end
end
