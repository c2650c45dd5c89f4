scenario {
  id = "3.2/connack/maximum-qos-1",
  title = "With Maximum QoS 1 the client sends no QoS 2 PUBLISH",
  description = [[Maximum QoS 1 in CONNACK: the server does not do QoS 2. A QoS 2 publish from the
application must be refused or downgraded by the library, never sent as QoS 2.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-11"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true, connack = {props = {maximum_qos = 1}}})
  local id = t.client:publish{topic = "mqc/mq/1", payload = "x", qos = 2}
  local ack = t.client:ack(id)
  t:log("publish ack ok=" .. tostring(ack.ok) .. " " .. tostring(ack.error))
  for _, p in ipairs(cl.drain(t, c, 1.5)) do
    if p.type == "PUBLISH" then
      t:check(p.qos <= 1, "no PUBLISH above QoS 1", "PUBLISH with QoS " .. p.qos)
      if p.qos == 1 then c:send{type = "PUBACK", id = p.id} end
    end
  end
end
