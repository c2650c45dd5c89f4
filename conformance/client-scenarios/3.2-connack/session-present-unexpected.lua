scenario {
  id = "3.2/connack/session-present-unexpected",
  title = "Session Present 1 in answer to Clean Start 1 makes the client close",
  description = [[A client that started clean has no session state, so a CONNACK claiming a
resumed session means client and server disagree about the session; the client must close the
connection rather than carry on with mismatched state.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-4"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.start(t, {clean = true})
  c:send{type = "CONNACK", session_present = true, reason = 0}
  c:expect_closed{within = 3}
  -- The driver reports either a failed connect or a connection that was lost.
  local ev = t.client:event{within = 3}
  t:log("first driver event after the close: " .. tostring(ev and ev.event))
end
