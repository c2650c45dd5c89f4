scenario {
  id = "3.8/subscribe/suback-no-reason-string-unrequested",
  title = "5.0: with Request Problem Information 0, a failing SUBACK carries no Reason String",
  description = [[The client sets Request Problem Information 0; the server may then send a Reason
String or User Property only on PUBLISH, CONNACK and DISCONNECT. We provoke a failure SUBACK with
the invalid filter "a/#/b" and check it has neither property (a close is also accepted).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-29"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1", {props = {request_problem_information = 0}})
  c:send_unchecked{type = "SUBSCRIBE", id = 1, filter = t:topic("a/#/b"), qos = 0}
  -- a SUBACK (with any code), or a DISCONNECT >= 0x80 then the close, or the close
  local p = use("verify").refused(t, c, {type = "SUBACK", id = 1}, {ack_text = "SUBACK"})
  if p then
    t:check(p.props == nil or (p.props.reason_string == nil and p.props.user_property == nil),
      "no Reason String / User Property", "present")
  end
end
