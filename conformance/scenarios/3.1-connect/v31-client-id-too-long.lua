-- Finding (mosquitto 2.0.11): accepts a 30-character 3.1 client id with CONNACK 0 (NON-STRICT).
scenario {
  id = "3.1/connect/v31-client-id-too-long",
  title = "MQTT 3.1: a Client Identifier over 23 characters gets CONNACK 2 (identifier rejected)",
  description = [[MQTT 3.1 limits the Client Identifier to 1-23 characters and says the server
answers a longer one with CONNACK return code 2. 3.1.1 relaxed this, so the case is 3.1 only.
The 3.1 text has no RFC 2119 keyword here, hence SHOULD.]],
  versions = {"3.1"},
  statements = {["3.1"] = {"§3.1"}},
  level = "SHOULD",
}

function run(t)
  local c = t:open("c1")
  local id = (t:client_id("l"):gsub("[^0-9a-zA-Z]", "") .. string.rep("q", 30)):sub(1, 30)
  c:send_unchecked{type = "CONNECT", client_id = id, clean = true, keepalive = 30}
  c:expect{type = "CONNACK", reason = 2}
  c:expect_closed{within = 1}
end
