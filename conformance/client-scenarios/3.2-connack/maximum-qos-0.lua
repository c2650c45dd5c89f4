scenario {
  id = "3.2/connack/maximum-qos-0",
  title = "With Maximum QoS 0 the client sends no QoS 1 PUBLISH",
  description = [[A server that supports only QoS 0 says so with Maximum QoS 0 and treats a
higher QoS as a protocol error. The application then asks for a QoS 1 publish: the library must
refuse it or downgrade it, never send QoS 1.]],
  role = "client",
  section = "3.2",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-11"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true, connack = {props = {maximum_qos = 0}}})
  local id = t.client:publish{topic = "mqc/mq/0", payload = "x", qos = 1}
  local ack = t.client:ack(id)
  t:log("publish ack ok=" .. tostring(ack.ok) .. " " .. tostring(ack.error))
  for _, p in ipairs(cl.drain(t, c, 1.5)) do
    if p.type == "PUBLISH" then
      t:check(p.qos == 0, "no PUBLISH above QoS 0", "PUBLISH with QoS " .. p.qos)
    end
  end
end
