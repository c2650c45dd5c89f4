scenario {
  id = "3.10/unsubscribe/multi",
  title = "An UNSUBSCRIBE with three filters gets one UNSUBACK (v5: three codes in order)",
  description = [[Subscribe a and c, then unsubscribe a, b, c in one packet. One UNSUBACK must
answer it; in 5.0 with three codes in order: success for a and c, and 0x11 or 0x00 for b.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.10.4-6"}, ["5.0"] = {"MQTT-3.10.4-6", "MQTT-3.11.3-1", "MQTT-3.11.3-2"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "SUBSCRIBE", id = 1, subs = {{filter = t:topic("a"), qos = 0}, {filter = t:topic("c"), qos = 0}}}
  t:subscribed(c, {type = "SUBACK", id = 1})
  c:send{type = "UNSUBSCRIBE", id = 2, filters = {t:topic("a"), t:topic("b"), t:topic("c")}}
  local m = c:expect{type = "UNSUBACK", id = 2}
  if t.v5 then
    local r = m.reasons
    t:check(#r == 3 and r[1] == 0 and (r[2] == 0x11 or r[2] == 0) and r[3] == 0,
      "codes {00, 11 or 00, 00}", #r .. " codes")
  end
  -- exactly one UNSUBACK: a bounded silence window (a PINGRESP is a response of
  -- another type, which nothing orders against a second UNSUBACK)
  local verify = use("verify")
  verify.none_within(t, c, verify.WINDOW, function(p) return p.type == "UNSUBACK" end, "second UNSUBACK")
end
