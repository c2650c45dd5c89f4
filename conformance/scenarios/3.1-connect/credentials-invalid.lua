scenario {
  id = "3.1/connect/credentials-invalid",
  title = "A CONNECT with invalid credentials is refused and the connection closed",
  description = [[Needs a broker profile with invalid credentials (and valid ones, which every other
CONNECT of the run carries). The server should authenticate and must close the connection when the
check fails (5.0 3.1.4-2; it may first send CONNACK 0x86 Bad User Name or Password or 0x87 Not
authorized). 3.1.1 answers with CONNACK return code 4 or 5 (§3.2.2.3) and then closes (3.2.2-5),
or closes at once. Nothing published with the refused session may be accepted: a PUBLISH sent
right after the CONNECT must not be answered (5.0 3.1.4-6).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.2.2-5", "§3.2.2.3"}, ["5.0"] = {"MQTT-3.1.4-2", "MQTT-3.2.2-7", "MQTT-3.1.4-6"}},
  level = "MUST",
}

function run(t)
  local bad = use("profile").need(t, "credentials").invalid
  if not bad then t:unsupported("needs a broker profile with credentials.invalid") end
  local c = t:open("bad")
  c:send_many{{type = "CONNECT", client_id = t:client_id("bad"), clean = true, keepalive = 30,
    username = bad.username, password = bad.password},
    {type = "PUBLISH", topic = t:topic("refused"), payload = "x", qos = 1, id = 1}}
  local refusal = t.v5 and function(v) return v ~= nil and v >= 0x80 end
    or function(v) return v ~= nil and (v == 4 or v == 5) end
  local i = c:expect_one_of({{type = "CONNACK", reason = refusal}, {closed = true}},
    {expected = t.v5 and "CONNACK >= 0x80 (0x86 / 0x87) then the close, or the close"
      or "CONNACK return code 4 or 5 then the close, or the close"})
  if i == 1 then c:expect_closed{within = 2} end
end
