scenario {
  id = "3.8/subscribe/filter-utf8-ill-formed",
  title = "SUBSCRIBE with an ill-formed UTF-8 filter closes the connection",
  description = [[Topic filters are UTF-8 strings; the filter contains the byte C3 followed by '/', a truncated
sequence. The server must treat the packet as malformed and close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1", "MQTT-3.8.3-1"}, ["5.0"] = {"MQTT-1.5.4-1", "MQTT-3.8.3-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or ""
  use("close").after_bad_bytes(t, c, mqtt.packet(0x82, mqtt.u16(1) .. props .. mqtt.str(t:topic("a\xC3/b")) .. "\0"))
end
