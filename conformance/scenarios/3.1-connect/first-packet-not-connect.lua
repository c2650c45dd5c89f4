scenario {
  id = "3.1/connect/first-packet-not-connect",
  title = "A first packet other than CONNECT makes the server close the connection",
  description = [[The first packet on a new connection must be CONNECT. We open TCP and send a
PINGREQ instead. The server must close without answering: no CONNACK, no PINGRESP. A v5 server
may not send DISCONNECT either (it may only do so after a successful CONNACK, MQTT-3.14.0-1),
so the only correct reaction is a bare close.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {
    ["3.1.1"] = {"MQTT-3.1.0-1", "MQTT-4.8.0-1"},
    ["5.0"] = {"MQTT-3.1.0-1", "MQTT-4.13.1-1", "MQTT-3.14.0-1"},
  },
  level = "MUST",
}

function run(t)
  local c = t:open("c1")
  c:send_hex("c0 00") -- PINGREQ
  c:expect_one_of({ {closed = true} }, {within = 2})
end
