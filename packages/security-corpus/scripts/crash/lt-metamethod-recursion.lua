-- hazard: an __lt metamethod that compares its operands again recurses through C
-- expect: error ERR_LUAWARD_RUNTIME /C stack overflow/
-- isolate: process
local mt = {}
mt.__lt = function(a, b) return a < b end
local a = setmetatable({}, mt)
return a < a
