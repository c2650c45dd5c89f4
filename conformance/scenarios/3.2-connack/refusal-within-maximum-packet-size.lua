scenario {
  id = "3.2/connack/refusal-within-maximum-packet-size",
  title = "5.0: a refusing CONNACK fits the client's small Maximum Packet Size",
  description = [[The CONNECT announces Maximum Packet Size 24 and an Authentication Method the
server does not know, which it refuses (CONNACK 0x8C / 0x87, 4.12.0-1) or answers by closing. A
refusing CONNACK must be at most 24 bytes: a Reason String or User Property that would push it
over must be left out. A server that adds none passes without having to drop anything.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-19", "MQTT-3.2.2-20", "MQTT-3.1.2-24"}},
  level = "MUST",
}

function run(t)
  local c = t:open("c")
  c:send{type = "CONNECT", client_id = t:client_id("c"), clean = true, keepalive = 30,
         props = {maximum_packet_size = 24, authentication_method = "mqttcheck-unknown-method"}}
  local i, ack = c:expect_one_of({{type = "CONNACK"}, {closed = true}})
  if i == 2 then
    t:pass("closed without CONNACK (nothing over the limit was sent)")
  end
  t:check(#ack.raw <= 24, "CONNACK of at most 24 bytes",
    "CONNACK of " .. #ack.raw .. " bytes" .. (ack.props and ack.props.reason_string and
      (" (Reason String '" .. ack.props.reason_string .. "')") or ""))
end
