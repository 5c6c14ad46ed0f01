-- hazard: the script raises Lua's memory error text itself; which limit tripped must come
--   from the engine's own accounting, never from the error text
-- expect: error ERR_LUAWARD_RUNTIME /not enough memory/
error("not enough memory", 0)
