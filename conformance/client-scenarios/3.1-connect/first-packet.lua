scenario {
  id = "3.1/connect/first-packet",
  title = "The first packet is a CONNECT naming protocol MQTT at this version's level",
  description = [[A server can only tell which protocol and version a client speaks from the
CONNECT's Protocol Name and Level, so it must be the first packet, name "MQTT", and carry
level 4 for 3.1.1 or 5 for 5.0. Anything else gets the client refused or dropped.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.0-1", "§3.1.2.1", "§3.1.2.2"},
    ["5.0"] = {"MQTT-3.1.0-1", "MQTT-3.1.2-1", "§3.1.2.2"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local _, connect = cl.connect(t, {clean = true})
  t:check(connect.protocol_name == "MQTT", 'Protocol Name "MQTT"', tostring(connect.protocol_name))
  local want = t.v5 and 5 or 4
  t:check(connect.protocol_level == want, "Protocol Level " .. want, tostring(connect.protocol_level))
end
