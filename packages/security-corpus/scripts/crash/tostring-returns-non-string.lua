-- hazard: a __tostring that returns a table; print and tostring must not treat it as a
--   string
-- expect: error ERR_LUAWARD_RUNTIME /'__tostring' must return a string/
-- output: []
-- isolate: process
print(setmetatable({}, { __tostring = function() return {} end }))
