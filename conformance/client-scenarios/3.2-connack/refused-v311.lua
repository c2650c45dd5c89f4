scenario {
  id = "3.2/connack/refused-v311",
  title = "CONNACK return codes 2 to 5 make the connect fail",
  description = [[A CONNACK with a non-zero return code refuses the connection. For each code
2..5 we answer a fresh connect with it and close as a conforming server does; the library must
report the connect as failed (and should hand the code to the application), never as connected
and never by just letting the command time out. Code 1 (unacceptable protocol level) is left out:
a client may legitimately retry it with an older protocol level.]],
  role = "client",
  section = "3.2",
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"§3.2.2.3"}},
  level = "MUST",
  timeout = 30,
}

function run(t)
  local d = t.client
  for rc = 2, 5 do
    local id = d:connect{clean = true}
    local c = t:accept("rc" .. rc)
    c:expect{type = "CONNECT"}
    c:send{type = "CONNACK", session_present = false, reason = rc}
    c:close()
    local ack = d:ack(id)
    t:check(not ack.ok, "connect refused with return code " .. rc .. " fails",
      "connect acknowledged ok after return code " .. rc)
    t:check(ack.error ~= "timeout", "the library reports the refusal (return code " .. rc .. ")",
      "the connect command timed out without a result")
    if ack.reason ~= rc then
      t:log("return code " .. rc .. " reported to the application as " .. tostring(ack.reason))
    end
  end
end
