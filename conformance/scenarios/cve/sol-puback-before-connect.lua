scenario {
  id = "cve/sol-puback-before-connect",
  title = "A PUBACK as the first packet is closed on without an answer",
  description = [[sol MQTT broker 0.18.5 (2026 report): a PUBACK (40 02 00 01) sent before any CONNECT dereferenced
the NULL session of the connection. The first packet must be CONNECT (MQTT-3.1.0-1, binds the
client); the server closes on the violation (3.1.1 MQTT-4.8.0-1, 5.0 MQTT-4.13.1-1) and, having sent
no CONNACK, sends no DISCONNECT (5.0 MQTT-3.14.0-1). A PINGREQ follows in the same write: a PINGRESP
shows a broker that processed packets on an unconnected session. Then the broker must still serve
a fresh client and the earlier session.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.0-1", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-3.1.0-1", "MQTT-4.13.1-1", "MQTT-3.14.0-1"}},
  level = "MUST",
  alone = true, -- serial: a crash or a resource change is pinned on this case alone
  timeout = 20,
}

function run(t)
  local cve = use("cve")
  local k = cve.keeper(t)
  local c = t:open("bad")
  c:send_hex("40 02 00 01 c0 00")
  c:expect_one_of({{closed = true}}, {within = 2, expected = "a bare close"})
  cve.alive(t, k)
end
