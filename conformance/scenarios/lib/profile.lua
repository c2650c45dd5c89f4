-- What the broker was configured with, from `mqttcheck run --profile FILE` (../API.md, "Broker
-- profiles"). A case that needs an entry the run was not given is UNSUPPORTED, never guessed.
-- Load with: local profile = use("profile")
local M = {}

-- The profile's `key` entry, or the end of the case as UNSUPPORTED.
function M.need(t, key)
  local p = t:profile()
  if not p or p[key] == nil then
    t:unsupported("needs a broker profile with '" .. key .. "' (mqttcheck run --profile FILE)")
  end
  return p[key]
end

-- A topic of this case under the profile's denied_publish_prefix (subscribing allowed,
-- publishing forbidden), or nil when the run has no such profile entry.
function M.denied_topic(t, s)
  local p = t:profile()
  if not p or not p.denied_publish_prefix then return nil end
  return p.denied_publish_prefix .. t:topic(s)
end

return M
