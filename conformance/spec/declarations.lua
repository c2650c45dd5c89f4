-- declarations.lua - print the scenario { ... } declaration of each file given, one
-- "file<TAB>id<TAB>role<TAB>version<TAB>statement" line per cited statement and version.
-- Used by coverage.py; runs each file in an empty sandbox where only `scenario` does anything,
-- so no scenario body (run) is executed. Usage: lua5.4 declarations.lua FILE...
local function load_decl(path)
  local decl
  local env = setmetatable({}, {__index = function() return function() return setmetatable({}, {
    __index = function() return function() end end}) end end})
  env.scenario = function(tbl) decl = tbl end
  env.string, env.table, env.math, env.utf8 = string, table, math, utf8
  local f, err = loadfile(path, "t", env)
  if not f then return nil, err end
  local ok, e = pcall(f)
  if not ok then return nil, e end
  if not decl then return nil, "no scenario { } declaration" end
  return decl
end

local status = 0
for _, path in ipairs(arg) do
  local d, err = load_decl(path)
  if not d then
    io.stderr:write(path .. ": " .. tostring(err) .. "\n")
    status = 1
  else
    local role = d.role or "broker"
    local st = d.statements or {}
    local flat = st[1] ~= nil or next(st) == nil
    for _, v in ipairs(d.versions or {}) do
      local list
      if flat then list = st
      elseif v == "3.1" then list = st["3.1"] or st["3.1.1"] or {}
      else list = st[v] or {} end
      io.write(string.format("%s\t%s\t%s\t%s\t%s\n", path, d.id or "?", role, v, "-"))
      for _, s in ipairs(list) do
        io.write(string.format("%s\t%s\t%s\t%s\t%s\n", path, d.id or "?", role, v, s))
      end
    end
  end
end
os.exit(status)
