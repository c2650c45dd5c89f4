scenario {
  id = "3.14/disconnect/server-disconnect-valid",
  title = "5.0: a server DISCONNECT uses a server reason code and no Session Expiry Interval",
  description = [[We provoke a server-side close with a PUBLISH of QoS 3. If the server sends a
DISCONNECT first, its reason must be >= 0x80 and from the DISCONNECT table for a server, it must not
carry Session Expiry Interval, and the server must close right after it, sending nothing else.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.14.2-1", "MQTT-3.14.2-2", "MQTT-3.14.4-1", "MQTT-3.14.4-2"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.packet(0x36, mqtt.str(t:topic("q3")) .. mqtt.u16(1) .. "\0x") .. mqtt.hex("c0 00"))
  local r = c:expect_closed{within = 1}
  if not r.disconnect then
    t:log("bare close, no DISCONNECT")
    return
  end
  local d = r.disconnect
  t:check(d.reason >= 0x80 and d.reason ~= 0x04, "server reason >= 0x80", string.format("0x%02x", d.reason))
  t:check(d.props == nil or d.props.session_expiry_interval == nil, "no Session Expiry Interval", "present")
end
