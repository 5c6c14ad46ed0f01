-- hazard: a reader function hands the binary signature over in pieces ("\27", "Lua", ...)
--   so that a check on the first piece alone does not see "\27Lua"
-- expect: result "refused"
local chunk = "\027LuaT\000\025\147\013\010\026\010\004\008\008xV\000\000\000\000\000\000\000\000\000\000\000(w@\001\128\128\128\000\001\002\132Q\000\000\000\003\000\000\000F\000\002\001F\000\001\001\129\004\136escaped\129\001\000\000\128\128\128\128\128"
local pieces = { chunk:sub(1, 1), chunk:sub(2, 4), chunk:sub(5, 20), chunk:sub(21) }
local i = 0
local f = load(function()
  i = i + 1
  return pieces[i]
end, "=chunk", "bt")
return f and f() or "refused"
