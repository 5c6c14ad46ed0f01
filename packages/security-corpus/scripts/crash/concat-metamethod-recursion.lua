-- hazard: an __concat metamethod that concatenates its operands again recurses through C
-- expect: error ERR_LUAWARD_RUNTIME /C stack overflow/
-- isolate: process
local mt = {}
mt.__concat = function(a, b) return a .. b end
return setmetatable({}, mt) .. "x"
