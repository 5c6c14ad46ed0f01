-- hazard: each coroutine resumes a new one from inside itself: nested resumes use the C
--   stack of the host thread
-- expect: error ERR_LUAWARD_RUNTIME /C stack overflow/
-- options: {"libs": ["base", "string", "table", "math", "coroutine"]}
-- isolate: process
local function f() return coroutine.wrap(f)() end
return f()
