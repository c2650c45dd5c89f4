scenario {
  id = "cve/nanomq-1075-connect-topic-alias-auth-method",
  title = "5.0: a CONNECT carrying Topic Alias (a PUBLISH-only property) and an Authentication Method is refused",
  description = [[NanoMQ issue #1075 (2023, found with rusty-FUME): a v5 CONNECT with Authentication Method and Topic
Alias properties got a success CONNACK and then a double free in tcptran_pipe_recv_cb. Topic Alias
is not allowed in CONNECT: the packet is malformed/a protocol error (2.2.2.2), so the server must
not accept it; CONNACK 0x81/0x82 (or 0x8C for the unknown method) then close, or a bare close
(MQTT-3.1.4-1). Then the broker must still serve a fresh client and the earlier session.]],
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
  local props = mqtt.u8(0x15) .. mqtt.str("SCRAM-SHA-1") .. mqtt.u8(0x23) .. mqtt.u16(1)
  c:send_bytes(cve.raw_connect{level = 5, props = props, payload = mqtt.str(t:client_id("bad"))})
  cve.connect_refused(t, c)
  cve.alive(t, k)
end
