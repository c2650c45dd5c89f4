scenario {
  id = "cve/nanomq-cwe119-connect-fields-beyond-length",
  title = "3.1.1: a CONNECT whose fields run past its Remaining Length is refused without CONNACK",
  description = [[NanoMQ CWE-119 report, kept by Eclipse Mosquitto as a regression test (CONNECT.json): the CONNECT
declares Remaining Length 7, which covers only the protocol name and level; connect flags (C2),
keep alive, client id, user name and password follow outside the packet. A parser that reads the
fields from the trailing bytes instead of the declared length over-reads. Read by the length, the
CONNECT is truncated: the server must close without sending CONNACK (MQTT-3.1.4-1). Then the
broker must still serve a fresh client and the earlier session.]],
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"MQTT-3.1.4-1", "MQTT-4.8.0-1"}},
  level = "MUST",
  alone = true, -- serial: a crash or a resource change is pinned on this case alone
  timeout = 20,
}

function run(t)
  local cve = use("cve")
  local k = cve.keeper(t)
  local c = t:open("bad")
  c:send_bytes(mqtt.hex("10 07") .. mqtt.str("MQTT") .. mqtt.hex("04 c2 00 3c")
    .. mqtt.str("test-python") .. mqtt.str("admin") .. mqtt.str("password"))
  c:expect_one_of({{closed = true}}, {within = 2, expected = "a close without CONNACK"})
  cve.alive(t, k)
end
