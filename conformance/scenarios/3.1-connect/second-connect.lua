scenario {
  id = "3.1/connect/second-connect",
  title = "A second CONNECT on the same connection is a protocol violation and closes it",
  description = [[After a successful CONNECT/CONNACK we send a second, valid CONNECT. The server
must treat it as a protocol violation (v5: Protocol Error) and close the connection. A v5 server
may send DISCONNECT (0x82 expected) before closing; it must not answer with a second CONNACK
(MQTT-3.2.0-2).]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {
    ["3.1.1"] = {"MQTT-3.1.0-2", "MQTT-4.8.0-1"},
    ["5.0"] = {"MQTT-3.1.0-2", "MQTT-3.2.0-2", "MQTT-4.13.1-1"},
  },
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "CONNECT", client_id = t:client_id("c1"), clean = true, keepalive = 60}
  use("verify").closed_on_error(t, c)
end
