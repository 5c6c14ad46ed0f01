-- hazard: a table that is its own key: converting keys recursively never ends
-- expect: error ERR_LUAWARD_CONVERSION
-- isolate: process
local t = {}
t[t] = true
return t
