scenario {
  id = "cve/nanomq-1042-connect-user-property-overrun",
  title = "5.0: a CONNECT whose User Property string runs past the packet is refused",
  description = [[NanoMQ issues #1042, #1043, #1045 (0.15, 2023, heap over-reads in decode_buf_properties,
copyn_utf8_str, utf8_check): CONNECT string and property lengths that point beyond the packet. Here
the Property Length is honest but the User Property's key claims 0x0100 bytes where three remain.
The packet is malformed: the server must close (MQTT-3.1.4-1), optionally after CONNACK 0x81. Then
the broker must still serve a fresh client and the earlier session.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.4-1", "MQTT-4.13.1-1", "§2.2.2.2"}},
  level = "MUST",
  alone = true, -- serial: a crash or a resource change is pinned on this case alone
  timeout = 20,
}

function run(t)
  local cve = use("cve")
  local k = cve.keeper(t)
  local c = t:open("bad")
  local props = mqtt.u8(0x26) .. mqtt.u16(0x0100) .. "abc"
  c:send_bytes(cve.raw_connect{level = 5, props = props, payload = mqtt.str(t:client_id("bad"))})
  cve.connect_refused(t, c)
  cve.alive(t, k)
end
