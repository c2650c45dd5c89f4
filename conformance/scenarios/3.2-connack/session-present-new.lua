scenario {
  id = "3.2/connack/session-present-new",
  title = "Clean Session/Start 0 for an unknown client id gives Session Present 0",
  description = [[With clean 0 and a client id the server has never seen, there is no stored
session: the server creates one and must answer Session Present 0.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.2.2-3"}, ["5.0"] = {"MQTT-3.2.2-3", "MQTT-3.1.2-6"}},
  level = "MUST",
}

function run(t)
  local id = t:client_id("fresh")
  local c = t:connect("c1", {client_id = id, clean = false,
    props = t.v5 and {session_expiry_interval = 5} or nil})
  local sp = c.connack.session_present
  c:send{type = "DISCONNECT"}
  c:close()
  t:connect("cleanup", {client_id = id, clean = true}):send{type = "DISCONNECT"}
  t:check(sp == false, "Session Present 0", "Session Present 1")
end
