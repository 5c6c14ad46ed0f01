-- hazard: the string metatable's __index is the real string table, not the global one
--   the sandbox edited, so string.dump survives as a method of every string
-- expect: error ERR_LUAWARD_RUNTIME /attempt to call a nil value/
local dump = ("any string").dump
return dump(function() return "escaped" end)
