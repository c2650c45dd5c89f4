scenario {
  id = "3.2/connack/receive-maximum",
  title = "Receive Maximum 2: never more than two unacknowledged QoS 1 PUBLISHes",
  description = [[Receive Maximum is the server's flow control: it will process at most that many
QoS 1/2 messages at once and disconnects a client that sends more. The application publishes four
QoS 1 messages while we hold back PUBACKs; at most two may be in flight. Then each PUBACK frees
one slot, and the count must stay at or under two throughout.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.4-7", "MQTT-4.9.0-2"}},
  level = "MUST",
  timeout = 20,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true, connack = {props = {receive_maximum = 2}}})
  for i = 1, 4 do d:publish{topic = "mqc/rm/" .. i, payload = "m" .. i, qos = 1} end
  local inflight, seen = {}, 0
  local function take(seconds)
    for _, p in ipairs(cl.drain(t, c, seconds)) do
      if p.type == "PUBLISH" and p.qos > 0 then
        seen = seen + 1
        inflight[#inflight + 1] = p.id
        t:check(#inflight <= 2, "at most 2 unacknowledged QoS 1 PUBLISHes",
          #inflight .. " unacknowledged (packet ids " .. table.concat(inflight, ",") .. ")")
      end
    end
  end
  take(1.5)
  t:check(seen >= 1, "at least one PUBLISH", "no PUBLISH from the client")
  while #inflight > 0 do
    c:send{type = "PUBACK", id = table.remove(inflight, 1)}
    take(1.0)
  end
  t:log(seen .. " PUBLISHes seen in all")
end
