scenario {
  id = "malformed/disconnect-invalid-reason",
  title = "5.0: DISCONNECT with a reason code outside its table closes the connection",
  description = [[0x03 is not a DISCONNECT reason code. The server must treat the packet as malformed and close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.14.2-1", "MQTT-4.13.1-1"}},
  -- SHOULD, not MUST: the spec binds the sender to its reason table (MQTT-3.4.2-1,
  -- MQTT-3.14.2-1) but names no receiver action for an out-of-table code; closing as for a
  -- Malformed Packet (4.13) is the strict reading.
  level = "SHOULD",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.hex("e0 01 03"))
end
