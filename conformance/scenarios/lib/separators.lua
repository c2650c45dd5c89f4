-- Topic names that differ only in a character other than '/' ('.', ':', '\',
-- ' ', '-'): '/' alone separates topic levels (§4.7.1.1) and matching applies
-- no normalisation (MQTT-4.7.3-4), so each is a topic of its own.
-- Load with: local separators = use("separators")
local M = {}

M.CHARS = {"/", ".", ":", "\\", " ", "-"}
M.NAMES = {"slash", "dot", "colon", "backslash", "space", "dash"}

-- The topic for the i-th character: <base>/x<char>y.
function M.topic(base, i)
  return base .. "/x" .. M.CHARS[i] .. "y"
end

return M
