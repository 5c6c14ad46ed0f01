-- hazard: a result that contains itself
-- expect: error ERR_LUAWARD_CONVERSION
-- isolate: process
local t = { name = "loop" }
t.self = t
return t
