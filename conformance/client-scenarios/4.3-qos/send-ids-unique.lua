scenario {
  id = "4.3/qos/send-ids-unique",
  title = "Unacknowledged QoS 1 and 2 PUBLISHes and a SUBSCRIBE all get distinct non-zero ids",
  description = [[A packet id identifies one exchange until it completes; two in-flight packets
with the same id would make the server's acknowledgement ambiguous. The application publishes
three QoS 1 and two QoS 2 messages and subscribes, while we hold back every acknowledgement.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.3.1-1", "MQTT-2.3.1-2"}, ["5.0"] = {"MQTT-2.2.1-3", "MQTT-4.3.3-1"}},
  level = "MUST",
  timeout = 15,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  for i = 1, 3 do d:publish{topic = "mqc/ids/" .. i, payload = "q1", qos = 1} end
  for i = 4, 5 do d:publish{topic = "mqc/ids/" .. i, payload = "q2", qos = 2} end
  d:cmd{cmd = "subscribe", filter = "mqc/ids/sub", qos = 0, timeout = 4}
  local seen, n = {}, 0
  for _, p in ipairs(cl.drain(t, c, 1.5)) do
    if p.id then
      n = n + 1
      t:check(p.id ~= 0, "packet id not 0", p.type .. " with packet id 0")
      t:check(not seen[p.id], "distinct packet ids among in-flight packets",
        p.type .. " reuses packet id " .. p.id .. " of an unacknowledged " .. tostring(seen[p.id]))
      seen[p.id] = p.type
    end
  end
  t:check(n == 6, "6 packets with ids (5 PUBLISH, 1 SUBSCRIBE)", n .. " packets with ids")
end
