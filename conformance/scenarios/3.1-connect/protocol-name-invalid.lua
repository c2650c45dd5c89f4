scenario {
  id = "3.1/connect/protocol-name-invalid",
  title = "A CONNECT with protocol name other than MQTT is not accepted",
  description = [[CONNECT carries the protocol name "MQTX". 3.1.1: the server may disconnect or hand
the bytes to another protocol, but must not go on as MQTT 3.1.1, so a CONNACK with return code 0
is a failure. 5.0: the name must be "MQTT"; the server may answer CONNACK 0x84 and must close.
Accepted: a close, optionally preceded by a refusing CONNACK.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-1"}, ["5.0"] = {"MQTT-3.1.2-1", "MQTT-3.1.4-1"}},
  level = "MUST",
}

function run(t)
  local c = t:open("c1")
  c:send_unchecked{type = "CONNECT", protocol_name = "MQTX", client_id = t:client_id("c1"),
    clean = true, keepalive = 30}
  local i = c:expect_one_of({
    {type = "CONNACK", reason = function(v) return v ~= nil and (v ~= 0) end},
    {closed = true},
  }, {within = 2, expected = "a CONNACK refusing (reason != 0) then the close, or the close"})
  if i == 1 then c:expect_closed{within = 1} end
end
