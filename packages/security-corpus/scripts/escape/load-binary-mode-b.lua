-- hazard: the script asks for binary chunks explicitly with mode "b"
-- expect: result "refused"
local chunk = "\027LuaT\000\025\147\013\010\026\010\004\008\008xV\000\000\000\000\000\000\000\000\000\000\000(w@\001\128\128\128\000\001\002\132Q\000\000\000\003\000\000\000F\000\002\001F\000\001\001\129\004\136escaped\129\001\000\000\128\128\128\128\128"
local f = load(chunk, "=chunk", "b")
return f and f() or "refused"
