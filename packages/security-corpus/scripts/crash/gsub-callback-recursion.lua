-- hazard: recursion through a C function (string.gsub calls back into Lua), which uses
--   the C stack: unchecked, it overflows the native stack of the host thread
-- expect: error ERR_LUAWARD_RUNTIME /C stack overflow/
-- isolate: process
local function f(s) return (s:gsub(".", f)) end
return f("ab")
