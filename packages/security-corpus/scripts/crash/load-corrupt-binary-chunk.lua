-- hazard: a binary chunk whose header is valid and whose body is truncated and
--   corrupted; Lua 5.4.4 does not verify bytecode and its undump crashes on such input,
--   so it must be refused before undump reads it
-- expect: result "refused"
-- isolate: process
local chunk = "\027LuaT\000\025\147\013\010\026\010\004\008\008xV\000\000\000\000\000\000\000\000\000\000\000(w@\001\128\128\128\000\001\255\255\255\255\255\255\255\127F\000\002\001"
local ok, f = pcall(load, chunk, "=corrupt", "b")
return ok and f and "loaded" or "refused"
