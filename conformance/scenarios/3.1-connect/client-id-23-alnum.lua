scenario {
  id = "3.1/connect/client-id-23-alnum",
  title = "A 23-character alphanumeric Client Identifier is accepted",
  description = [[Every server must accept Client Identifiers of 1 to 23 bytes drawn from 0-9, a-z,
A-Z. We connect with exactly 23 such characters (the per-run prefix is replaced by a fixed
alphanumeric id plus random-looking digits from the run prefix) and require CONNACK 0.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.3-5", "MQTT-3.1.4-4"}, ["5.0"] = {"MQTT-3.1.3-5", "MQTT-3.1.4-5"}},
  level = "MUST",
}

function run(t)
  -- keep only [0-9a-zA-Z] from the unique per-case id, then pad to exactly 23
  local base = t:client_id("a"):gsub("[^0-9a-zA-Z]", "")
  local id = (base .. "Zz0123456789abcdefghijklmnop"):sub(1, 23)
  local c = t:connect("c1", {client_id = id})
  t:check(c.connack.reason == 0, "CONNACK 0", "CONNACK " .. tostring(c.connack.reason))
end
