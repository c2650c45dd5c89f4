scenario {
  id = "3.15/auth/flags-nonzero",
  title = "5.0: an AUTH with fixed-header flags 0001 closes the connection",
  description = [[After a normal CONNECT (no Authentication Method) the client sends AUTH with
flags 0001 instead of 0000. The packet is Malformed (3.15.1-1), and an AUTH from a client that
sent no Authentication Method is a Protocol Error as well (4.12.0-7): either way the server must
close the connection, after a DISCONNECT with a reason of 0x80 or above if it sends one. (The
stimulus breaks both rules, so a close does not tell which one the server applied.)]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.15.1-1", "MQTT-4.12.0-7", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.packet(0xF1, mqtt.hex("19 00")))
end
