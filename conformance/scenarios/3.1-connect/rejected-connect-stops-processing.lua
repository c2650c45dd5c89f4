scenario {
  id = "3.1/connect/rejected-connect-stops-processing",
  title = "After refusing a CONNECT the server processes nothing else the client sent",
  description = [[One write carries a CONNECT with an unsupported protocol level (refused) followed
by a PINGREQ and a SUBSCRIBE. After a refusal the server must not process further data: no
PINGRESP and no SUBACK may come back, only the refusal CONNACK and/or the close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.4-5", "MQTT-3.1.2-2"}, ["5.0"] = {"MQTT-3.1.4-6", "MQTT-3.1.2-2"}},
  level = "MUST",
  accept_malformed = true,
}

function run(t)
  local c = t:open("c1")
  local bad = mqtt.packet(0x10, mqtt.str("MQTT") .. mqtt.u8(42) .. mqtt.u8(0x02) .. mqtt.u16(30)
    .. mqtt.str(t:client_id("c1")))
  local sub = mqtt.packet(0x82, mqtt.u16(1) .. mqtt.str(t:topic("x")) .. mqtt.u8(0))
  c:send_bytes(bad .. mqtt.hex("c0 00") .. sub)
  for _ = 1, 3 do
    local p, why = c:recv{within = 2}
    if why == "malformed" then
      -- a refusal in the 3.1.1 layout (20 02 00 01) does not decode as 5.0; it still counts
      -- as the one refusing CONNACK
    elseif not p then
      t:check(why == "closed" or why == "reset", "connection closed", tostring(why))
      return
    else
      t:check(p.type == "CONNACK" and p.reason ~= 0, "only a refusing CONNACK, then the close",
        tostring(p.type) .. " received after the refused CONNECT")
    end
  end
  t:fail{expected = "connection closed", observed = "more packets than one CONNACK"}
end
