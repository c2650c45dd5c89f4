-- Finding (mosquitto 2.0.11): sends no Server Keep Alive and closes a Keep Alive 1 s client only after about 6 s.
scenario {
  id = "3.2/connack/server-keep-alive-honoured",
  title = "5.0: the keep-alive the server enforces is its Server Keep Alive, or the client's value",
  description = [[Keep Alive 1 s, then silence. Without Server Keep Alive in CONNACK the server must
use our value and close by 1.5 s (plus tolerance). With Server Keep Alive S it uses S: if S is
short we check the close by 1.5 x S, otherwise the case is informational.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-22", "MQTT-3.1.2-22"}},
  level = "MUST",
  timeout = 8,
}

function run(t)
  local c = t:connect("c1", {keepalive = 1})
  local ka = 1
  if c.connack.props and c.connack.props.server_keep_alive then
    ka = c.connack.props.server_keep_alive
    t:log("Server Keep Alive " .. ka)
    if ka == 0 or ka > 3 then t:info{expected = "keep alive 1 s", observed = "Server Keep Alive " .. ka} end
  end
  c:expect_closed{within = 1.5 * ka + 1.0}
end
