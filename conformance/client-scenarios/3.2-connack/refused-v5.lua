scenario {
  id = "3.2/connack/refused-v5",
  title = "A CONNACK reason code of 0x80 or above fails the connect and the client closes",
  description = [[In 5.0 a CONNACK reason of 0x80 or more means the connection must be closed.
We send the refusal and keep our side open: the client must fail the connect and close the
connection itself. Four codes, each on a fresh connect: 0x80, 0x85, 0x87, 0x9F.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.2-1"}},
  level = "MUST",
  timeout = 30,
}

function run(t)
  local d = t.client
  for _, rc in ipairs({0x80, 0x85, 0x87, 0x9F}) do
    local id = d:connect{clean = true}
    local c = t:accept(string.format("rc%02x", rc))
    c:expect{type = "CONNECT"}
    c:send{type = "CONNACK", session_present = false, reason = rc}
    c:expect_closed{within = 3}
    local ack = d:ack(id)
    t:check(not ack.ok, string.format("connect refused with 0x%02x fails", rc),
      string.format("connect acknowledged ok after 0x%02x", rc))
    t:check(ack.error ~= "timeout", string.format("the library reports the refusal (0x%02x)", rc),
      "the connect command timed out without a result")
    if ack.reason ~= rc then
      t:log(string.format("reason 0x%02x reported to the application as %s", rc, tostring(ack.reason)))
    end
  end
end
