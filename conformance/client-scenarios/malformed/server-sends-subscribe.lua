scenario {
  id = "malformed/server-sends-subscribe",
  title = "A SUBSCRIBE from the server makes the client close",
  description = [[SUBSCRIBE only flows from client to server. A client that receives one must close
the connection; it must not answer it with a SUBACK or crash on a packet type it never parses.]],
  role = "client",
  section = "2.2",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§2.2.1", "MQTT-4.8.0-1"}, ["5.0"] = {"§2.1.2", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local body = mqtt.u16(3) .. cl.noprops(t) .. mqtt.str("mqc/h/#") .. "\1"
  cl.hostile_after_connect(t, mqtt.packet(0x82, body))
end
