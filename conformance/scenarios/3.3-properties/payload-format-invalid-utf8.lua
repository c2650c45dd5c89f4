scenario {
  id = "3.3/properties/payload-format-invalid-utf8",
  title = "5.0: Payload Format Indicator 1 with a non-UTF-8 payload (informational)",
  description = [[With Payload Format Indicator 1 the payload should be UTF-8. A receiver MAY check
it and answer PUBACK 0x99 (Payload format invalid) or DISCONNECT 0x99; it may also forward it. We
report what the server does.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"§3.3.2.3.2"}},
  level = "MAY",
  needs = {"qos1"},
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("pfi"), payload = "\xFF\xFE", qos = 1, id = 1,
    props = {payload_format_indicator = 1}}
  -- accepted (0x00 / 0x10) passes; a 0x99 refusal is the permitted check, reported as info;
  -- anything else (another code, a close without DISCONNECT 0x99) is a finding
  local i, p = c:expect_one_of({{type = "PUBACK", id = 1, reason = function(v) return v == nil or v == 0 or v == 0x10 end},
    {type = "PUBACK", id = 1, reason = 0x99}, {type = "DISCONNECT", reason = 0x99}}, {within = 2,
    expected = "PUBACK 0x00 or 0x10, or PUBACK / DISCONNECT 0x99 (Payload format invalid)"})
  if i ~= 1 then
    t:info{expected = "PUBACK 0x00", observed = p.type .. " 0x99: the server validates UTF-8 payloads"}
  end
end
