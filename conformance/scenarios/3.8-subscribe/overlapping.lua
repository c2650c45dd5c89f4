-- Finding (mosquitto 2.0.11): 3.1.1: with "+" at QoS 0 and "#" at QoS 2 it sends a single copy at QoS 0 (5.0 passes).
scenario {
  id = "3.8/subscribe/overlapping",
  title = "Overlapping subscriptions: the message is delivered at the highest granted QoS",
  description = [[One client subscribes "<p>/+" at QoS 0 and "<p>/#" at QoS 2. A QoS 2 message on
<p>/x matches both. The server may send one copy or one per subscription, but the highest QoS among
the copies must be 2 (max of the matching subscriptions).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.5-1"}, ["5.0"] = {"MQTT-3.3.4-2"}},
  level = "MUST",
  needs = {"qos2", "grant_qos2", "wildcard"},
}

function run(t)
  local base = t:topic("o")
  local c = t:connect("c1")
  c:send{type = "SUBSCRIBE", id = 1, subs = {{filter = base .. "/+", qos = 0}, {filter = base .. "/#", qos = 2}}}
  t:subscribed(c, {type = "SUBACK", id = 1, reasons = {0, 2}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = base .. "/x", payload = "o", qos = 2, id = 1}
  p:expect{type = "PUBREC", id = 1}
  p:send{type = "PUBREL", id = 1}
  p:expect{type = "PUBCOMP", id = 1}
  -- ordering holds per QoS only, so the marker is QoS 2: its QoS 2 copy (via "#")
  -- comes after any QoS 2 copy of the message
  p:send{type = "PUBLISH", topic = base .. "/x", payload = "marker", qos = 2, id = 2}
  p:expect{type = "PUBREC", id = 2}
  p:send{type = "PUBREL", id = 2}
  local best, n, marker_qos = -1, 0, -1
  while marker_qos < 2 do
    -- once a lower-QoS copy of the marker is in, a QoS 2 copy may still follow (one copy
    -- per subscription); give it 1 s before judging
    local m, why = c:recv{within = marker_qos < 0 and 2 or 1}
    if not m then
      t:check(marker_qos >= 0, "the marker", tostring(why))
      break
    end
    if m.type == "PUBLISH" then
      if m.qos == 1 then c:send{type = "PUBACK", id = m.id} end
      if m.qos == 2 then c:send{type = "PUBREC", id = m.id} end
      if m.payload == "marker" then
        marker_qos = math.max(marker_qos, m.qos)
      else
        n = n + 1
        best = math.max(best, m.qos)
      end
    elseif m.type == "PUBREL" then
      c:send{type = "PUBCOMP", id = m.id}
    end
  end
  t:log(n .. " copies delivered")
  t:check(best == 2, "a copy at QoS 2", "highest QoS " .. best)
end
