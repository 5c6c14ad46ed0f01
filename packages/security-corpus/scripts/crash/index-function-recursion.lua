-- hazard: an __index function that indexes its own table recurses through the VM's
--   metamethod calls, each a C-level call
-- expect: error ERR_LUAWARD_RUNTIME /C stack overflow/
-- isolate: process
local t
t = setmetatable({}, { __index = function(self, key) return self[key] end })
return t.anything
