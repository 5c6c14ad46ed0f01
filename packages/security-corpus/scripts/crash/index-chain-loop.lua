-- hazard: a table that is its own __index: the lookup chain never ends
-- expect: error ERR_LUAWARD_RUNTIME /'__index' chain too long; possible loop/
-- isolate: process
local t = setmetatable({}, {})
getmetatable(t).__index = t
return t.anything
