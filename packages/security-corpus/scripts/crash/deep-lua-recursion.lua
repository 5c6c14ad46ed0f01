-- hazard: unbounded Lua recursion grows the Lua stack to its hard limit (a million
--   slots); the memory limit is raised so that the stack limit is what stops it
-- expect: error ERR_LUAWARD_RUNTIME /stack overflow/
-- options: {"memoryLimit": 268435456}
-- isolate: process
local function f() return 1 + f() end
return f()
