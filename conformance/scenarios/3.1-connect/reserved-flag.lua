scenario {
  id = "3.1/connect/reserved-flag",
  title = "CONNECT with the reserved Connect Flags bit 0 set is rejected and closed",
  description = [[Connect Flags bit 0 is reserved and must be 0; the server must check it and close
the connection when it is set. 3.1.1 also says a non-conforming CONNECT is closed without a
CONNACK (MQTT-3.1.4-1). 5.0 calls it a Malformed Packet: a CONNACK 0x81 before the close is
allowed.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.1.2-3", "MQTT-3.1.4-1"},
  level = "MUST",
}

function run(t)
  local c = t:open("c1")
  c:send_bytes(use("connect").raw(t, 0x03))
  use("verify").connect_refused(t, c)
end
