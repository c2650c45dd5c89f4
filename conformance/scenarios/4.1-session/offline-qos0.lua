scenario {
  id = "4.1/session/offline-qos0",
  title = "QoS 0 messages for an absent persistent client: queued or not (informational)",
  description = [[The server may, but need not, queue QoS 0 messages for a disconnected persistent
session. We report which it does; both are conformant.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§3.1.2.4"}, ["5.0"] = {"§4.1"}},
  level = "MAY",
}

function run(t)
  local id = t:client_id("c")
  local tp = t:topic("q0")
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local a = t:connect("a", {client_id = id, clean = false, props = props})
  a:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(a, {type = "SUBACK", id = 1})
  -- a is offline once the broker has read its DISCONNECT (it closes), and the
  -- offline message has been processed once a live witness on the topic has it
  use("session_end").disconnect(t, a)
  local witness = use("witness")
  local w = witness.open(t, tp)
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "offline", qos = 0}
  witness.saw(t, w, {"offline"})
  local b = t:connect("b", {client_id = id, clean = false, props = props})
  p:send{type = "PUBLISH", topic = tp, payload = "online", qos = 0}
  local m = b:expect{type = "PUBLISH", topic = tp}
  b:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
  b:close()
  if not t.v5 then t:connect("cleanup", {client_id = id, clean = true}):send{type = "DISCONNECT"} end
  if m.payload ~= "offline" then
    t:info{expected = "QoS 0 message queued while offline", observed = "only the live message ('" .. m.payload .. "')"}
  end
end
