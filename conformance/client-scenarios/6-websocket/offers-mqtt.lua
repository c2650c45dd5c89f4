scenario {
  id = "6/websocket/offers-mqtt",
  title = "The client offers the WebSocket subprotocol \"mqtt\"",
  description = [[Over WebSocket the client must include "mqtt" in the list of subprotocols it
offers (Sec-WebSocket-Protocol of its upgrade request). The scripted broker answers the upgrade
(selecting "mqtt" when offered) and records the offer; the CONNECT that follows must arrive.]],
  role = "client",
  section = "6",
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-6.0.0-3"},
  level = "MUST",
  needs = {"websocket"},
}

function run(t)
  local c = use("client").connect(t)
  local offered = c.ws_offered
  local has = false
  for p in (offered or ""):gmatch("[^,%s]+") do has = has or p == "mqtt" end
  t:check(has, 'Sec-WebSocket-Protocol offering "mqtt"',
    offered and ("Sec-WebSocket-Protocol: " .. offered) or "no Sec-WebSocket-Protocol in the upgrade request")
end
