scenario {
  id = "3.1/connect/protocol-level-unsupported",
  title = "An unsupported protocol level is refused (3.1.1: CONNACK 0x01 then close)",
  description = [[CONNECT with name "MQTT" and protocol level 42. A 3.1.1 server must answer
CONNACK return code 0x01 (unacceptable protocol version) and then disconnect. A 5.0 server may
answer CONNACK 0x84 (Unsupported Protocol Version) and must close; a bare close is accepted.
Which CONNACK layout a server uses for an unknown level is not defined, so for 5.0 only the close
is required.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.1.2-2"},
  level = "MUST",
  accept_malformed = true,
}

function run(t)
  local c = t:open("c1")
  local body = mqtt.str("MQTT") .. mqtt.u8(42) .. mqtt.u8(0x02) .. mqtt.u16(30)
    .. mqtt.str(t:client_id("c1"))
  c:send_bytes(mqtt.packet(0x10, body))
  if t.v5 then
    -- any answer must be a refusal, then a close
    local p, why = c:recv{within = 2}
    if why == "malformed" then
      -- the level tells no version, so a 3.1.1-layout CONNACK (20 02 00 01) is acceptable
      -- too; it only has to be followed by the close
      c:expect_closed{within = 1}
    elseif p then
      t:check(p.type == "CONNACK" and p.reason ~= 0, "CONNACK refusing (0x84) or a close",
        "packet " .. tostring(p.type) .. " reason " .. tostring(p.reason))
      c:expect_closed{within = 1}
    else
      t:check(why == "closed" or why == "reset", "connection closed", why)
    end
  else
    -- 3.1.1 requires the 4-byte CONNACK 20 02 00 01
    local p, why = c:recv{within = 2}
    t:check(p ~= nil and p.raw == mqtt.hex("20 02 00 01"), "CONNACK return code 0x01 (20 02 00 01)",
      p and ("bytes " .. mqtt.tohex(p.raw)) or tostring(why))
    c:expect_closed{within = 1}
  end
end
