scenario {
  id = "3.1/connect/will-flag-missing-fields",
  title = "Will Flag set but no Will Topic or Will Message in the payload is rejected",
  description = [[Connect Flags 0x06 (Will Flag, clean) but the payload ends after the Client Identifier. With the
Will Flag set, the will fields must be present, so the packet is malformed and the server must
close.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.1.2-9", "MQTT-3.1.4-1"},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local cid = mqtt.str(t:client_id("c1"))
  c:send_bytes(connect.raw(t, 0x06, cid))
  verify.connect_refused(t, c)
end
