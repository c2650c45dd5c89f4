scenario {
  id = "3.1/connect/client-id-empty-persistent",
  title = "3.1.1: zero-length Client Identifier with CleanSession 0 gets CONNACK 0x02 and a close",
  description = [[A client with no identifier cannot resume a session. With CleanSession 0 and a
zero-length Client Identifier the server must answer CONNACK return code 0x02 (identifier
rejected) and then close the connection.]],
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"MQTT-3.1.3-7", "MQTT-3.1.3-8", "MQTT-3.2.2-4", "MQTT-3.2.2-5"}},
  level = "MUST",
}

function run(t)
  local c = t:open("c1")
  c:send_unchecked{type = "CONNECT", client_id = "", clean = false, keepalive = 30}
  c:expect{type = "CONNACK", reason = 2, session_present = false}
  c:expect_closed{within = 1}
end
