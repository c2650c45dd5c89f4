scenario {
  id = "3.2/connack/success",
  title = "An accepted CONNECT is answered first by CONNACK 0 with reserved bits 0",
  description = [[A valid CONNECT must be answered with CONNACK return/reason code 0, and CONNACK
is the first packet the server sends. The acknowledge-flags bits 7-1 must be 0 (5.0: MQTT-3.2.2-1;
3.1.1 states it in 3.2.2.1 without an id).]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.4-4", "MQTT-3.2.0-1", "§3.2.2.1"},
    ["5.0"] = {"MQTT-3.1.4-5", "MQTT-3.2.0-1", "MQTT-3.2.2-1", "MQTT-3.2.2-8"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  t:check(c.connack.reason == 0, "reason 0", tostring(c.connack.reason))
  local flags = c.connack.raw:byte(3)
  t:check(flags & 0xFE == 0, "acknowledge flags bits 7-1 = 0", string.format("0x%02x", flags))
end
