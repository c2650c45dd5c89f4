scenario {
  id = "4.7/topics/long-topic",
  title = "A 30,000-byte topic with 1,000 levels is delivered intact",
  description = [[Topic names may be up to 65,535 bytes. A 30,000-byte name made of 1,000 levels
must be matched exactly and by a "+/.../#" style filter and delivered unchanged. Servers may cap
topic length or depth for resource reasons; such a refusal is informational.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.3-3"},
  level = "MAY",
}

function run(t)
  local parts = {}
  for i = 1, 1000 do parts[i] = string.format("l%03d", i % 1000) .. string.rep("z", 25) end
  local tp = t:topic(table.concat(parts, "/"))
  local s = t:connect("s")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  s:expect{type = "SUBACK", id = 1, reasons = {0}}
  t:connect("p"):send{type = "PUBLISH", topic = tp, payload = "deep", qos = 0}
  s:expect{type = "PUBLISH", topic = tp, payload = "deep"}
end
