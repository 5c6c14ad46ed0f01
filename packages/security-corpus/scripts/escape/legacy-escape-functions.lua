-- hazard: functions of older Lua versions that reach function environments or raw memory
--   (getfenv/setfenv, newproxy, loadstring, gcinfo) were added back by a compatibility layer
-- expect: result ["nil","nil","nil","nil","nil"]
-- execute: {"results": "all"}
return type(getfenv), type(setfenv), type(newproxy), type(loadstring), type(gcinfo)
