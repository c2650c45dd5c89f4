-- Finding (mosquitto 2.0.11): accepts PUBACK reason 0x05 and keeps the connection (NON-STRICT).
scenario {
  id = "malformed/puback-invalid-reason",
  title = "5.0: PUBACK with a reason code outside its table closes the connection",
  description = [[0x05 is not a PUBACK reason code. After receiving a QoS 1 message the client acknowledges it with
PUBACK reason 0x05; the server must treat that as malformed and close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.4.2-1", "MQTT-4.13.1-1"}},
  -- SHOULD, not MUST: the spec binds the sender to its reason table (MQTT-3.4.2-1,
  -- MQTT-3.14.2-1) but names no receiver action for an out-of-table code; closing as for a
  -- Malformed Packet (4.13) is the strict reading.
  level = "SHOULD",
  needs = {"qos1", "grant_qos1"},
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "SUBSCRIBE", id = 1, filter = t:topic("p"), qos = 1}
  c:expect{type = "SUBACK", id = 1, reasons = {1}}
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = t:topic("p"), payload = "x", qos = 1, id = 1}
  p:expect{type = "PUBACK", id = 1}
  local m = c:expect{type = "PUBLISH", topic = t:topic("p")}
  use("close").after_bad_bytes(t, c, mqtt.hex("40 03") .. mqtt.u16(m.id) .. "\5")
end
