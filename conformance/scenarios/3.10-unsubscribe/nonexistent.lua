scenario {
  id = "3.10/unsubscribe/nonexistent",
  title = "UNSUBSCRIBE of a filter with no subscription still gets UNSUBACK",
  description = [[The server must answer UNSUBACK even if nothing was deleted. In 5.0 the code
should be 0x11 (No subscription existed); 0x00 is also in the table and accepted.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.10.4-5"}, ["5.0"] = {"MQTT-3.10.4-5", "MQTT-3.11.3-2"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "UNSUBSCRIBE", id = 77, filter = t:topic("never")}
  local m = c:expect{type = "UNSUBACK", id = 77}
  if t.v5 then
    t:check(#m.reasons == 1 and (m.reasons[1] == 0x11 or m.reasons[1] == 0), "one code, 0x11 or 0x00",
      #m.reasons .. " codes")
  end
end
