scenario {
  id = "3.1/connect/no-will",
  title = "Without a will, Will Flag, Will QoS and Will Retain are all 0",
  description = [[When the application set no will, the CONNECT must not carry one: Will Flag 0
requires Will QoS 0 and Will Retain 0, and no Will Topic or Will Message in the payload.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-11", "MQTT-3.1.2-13", "MQTT-3.1.2-15"},
    ["5.0"] = {"MQTT-3.1.2-11", "MQTT-3.1.2-13"}},
  level = "MUST",
}

function run(t)
  local _, connect = use("client").connect(t, {clean = true})
  t:check(connect.will == nil, "no will in CONNECT", "a will was sent")
  -- Connect Flags byte: after the fixed header, protocol name (6 bytes) and level.
  local raw = connect.raw
  local i = 2
  while raw:byte(i) >= 0x80 do i = i + 1 end
  local flags = raw:byte(i + 1 + 6 + 1)
  t:check(flags & 0x3C == 0, "Will Flag, Will QoS and Will Retain bits 0",
    string.format("Connect Flags 0x%02x", flags))
end
