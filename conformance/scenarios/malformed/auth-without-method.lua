scenario {
  id = "malformed/auth-without-method",
  title = "5.0: AUTH on a connection without Authentication Method closes it",
  description = [[A client that sent no Authentication Method must not send AUTH; receiving one is a Protocol Error.
F0 02 18 00 (AUTH Continue) after CONNACK must make the server close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.12.0-7", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.hex("f0 02 18 00") .. mqtt.hex("c0 00"))
  -- 5.0 may send DISCONNECT (>= 0x80) first; expect_closed accepts it
  local r = c:expect_closed{within = 1}
  if r.disconnect then
    t:check(r.disconnect.reason >= 0x80, "DISCONNECT reason >= 0x80", string.format("0x%02x", r.disconnect.reason))
  end
end
