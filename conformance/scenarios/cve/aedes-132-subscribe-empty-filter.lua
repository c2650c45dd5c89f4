scenario {
  id = "cve/aedes-132-subscribe-empty-filter",
  title = "A SUBSCRIBE with a zero-length Topic Filter is refused",
  description = [[aedes issue #132 (2017): a SUBSCRIBE with an empty Topic Filter reached an assert() in mqemitter
and the broker process exited. Topic Filters are at least one character long (MQTT-4.7.3-1, binds
the sender). 3.1.1: the server closes on the violation (MQTT-4.8.0-1), or answers the filter with
failure code 0x80 (3.9.3); 5.0: SUBACK 0x8F, or DISCONNECT/close as a malformed packet
(MQTT-4.13.1-1). A granted SUBACK is the finding. Then the broker must still serve a fresh client
and the earlier session.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.7.3-1", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-4.7.3-1", "MQTT-4.13.1-1"}},
  level = "MUST",
  alone = true, -- serial: a crash or a resource change is pinned on this case alone
  timeout = 20,
}

function run(t)
  local cve = use("cve")
  local k = cve.keeper(t)
  local c = t:connect("bad")
  c:send_bytes(mqtt.packet(0x82, mqtt.u16(1) .. (t.v5 and "\0" or "") .. mqtt.str("") .. "\0"))
  cve.subscribe_refused(t, c, 1)
  cve.alive(t, k)
end
