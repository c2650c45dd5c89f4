scenario {
  id = "cve/mosquitto-2325-reserved-type-bad-length",
  title = "A reserved packet type with a five-byte Remaining Length is closed on at once",
  description = [[Eclipse Mosquitto issue #2325 (fixed in 2.0.21): a reserved packet type (0x00, or 0xF0 in 3.1.1)
with an illegal Remaining Length was not disconnected quickly, so such peers held connections open.
The bytes: type 0 (3.1.1 and 5.0) or 15 (3.1.1, reserved there) with the length 80 80 80 80 01, five
bytes where four is the maximum. Both the type and the length are malformed (3.1.1 §2.2.1, §2.2.3;
5.0 §2.1.2, §1.5.5), so the server must close (3.1.1 MQTT-4.8.0-1, 5.0 MQTT-4.13.1-1) by the fifth
length byte. Then the broker must still serve a fresh client and the earlier session.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.8.0-1", "§2.2.1", "§2.2.3"}, ["5.0"] = {"MQTT-4.13.1-1", "§2.1.2", "§1.5.5"}},
  level = "MUST",
  alone = true, -- serial: a crash or a resource change is pinned on this case alone
  timeout = 20,
}

function run(t)
  local cve = use("cve")
  local k = cve.keeper(t)
  local c = t:connect("bad")
  cve.closes(t, c, mqtt.hex((t.v5 and "00" or "f0") .. " 80 80 80 80 01"))
  cve.alive(t, k)
end
