-- Finding (mosquitto 2.0.11): v5: closes the old connection with a bare FIN, no DISCONNECT 0x8E (NON-STRICT).
scenario {
  id = "3.1/connect/takeover",
  title = "A second connection with the same Client Identifier closes the first one",
  description = [[Client "dup" connects twice, on two TCP connections. The server must close the
existing connection. A v5 server sends DISCONNECT 0x8E (Session taken over) to the old client
before closing it: we check the reason when a DISCONNECT arrives, and report its absence as
NON-STRICT (the sentence uses "sends", the close is the MUST). The new connection must work.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.4-2"}, ["5.0"] = {"MQTT-3.1.4-3"}},
  level = "MUST",
}

function run(t)
  local id = t:client_id("dup")
  local old = t:connect("old", {client_id = id})
  local new = t:connect("new", {client_id = id})
  local r = old:expect_closed{within = 1}
  t:barrier(new)
  if t.v5 then
    if not r.disconnect then
      t:nonstrict{expected = "DISCONNECT 0x8E to the old client before the close",
        observed = "bare close (" .. r.how .. ")", stmt = "MQTT-3.1.4-3"}
    end
    t:check(r.disconnect.reason == 0x8E, "DISCONNECT reason 0x8E",
      string.format("DISCONNECT reason 0x%02x", r.disconnect.reason))
    t:check(r.disconnect.props == nil or r.disconnect.props.session_expiry_interval == nil,
      "no Session Expiry Interval in a server DISCONNECT (MQTT-3.14.2-2)", "Session Expiry Interval present")
  end
end
