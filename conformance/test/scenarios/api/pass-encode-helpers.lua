-- Expected: PASS (helpers of the mqtt module, no broker traffic after CONNECT).
scenario {
  id = "api/pass-encode-helpers",
  title = "mqtt.encode / decode / vbi / packet helpers agree",
  versions = {"5.0"},
  statements = {},
  level = "MUST",
}

function run(t)
  t:connect("c1")
  local b = mqtt.encode({type = "PUBACK", id = 9, reason = 0x10}, "5.0")
  t:check(mqtt.tohex(b) == "400300091" .. "0", "40 03 00 09 10", mqtt.tohex(b))
  local p = mqtt.decode(mqtt.hex("40 03 00 09 10"), "5.0", "c2s")
  t:check(p.type == "PUBACK" and p.id == 9 and p.reason == 0x10, "decoded PUBACK", tostring(p.type))
  t:check(mqtt.tohex(mqtt.vbi(0, 2)) == "8000", "80 00", mqtt.tohex(mqtt.vbi(0, 2)))
  t:check(mqtt.tohex(mqtt.packet(0xc0, "", 0, 3)) == "c0808000", "c0 80 80 00", "other")
  local bad, err = mqtt.encode({type = "PUBLISH", topic = "a/#", qos = 0}, "5.0")
  t:check(bad == nil and err ~= nil, "encoder refuses a wildcard topic", tostring(bad))
  local raw = mqtt.encode_unchecked({type = "PUBLISH", topic = "a/#", qos = 0, flags = 6}, "5.0")
  t:check(raw:byte(1) == 0x36, "flags as given", string.format("%02x", raw:byte(1)))
end
