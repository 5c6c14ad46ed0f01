-- hazard: string.rep("x", 2^40) asks for a terabyte; Lua 5.4.4 caps strings below 2 GiB
--   and refuses before allocating, so this is a plain runtime error, not a memory error
-- expect: error ERR_LUAWARD_RUNTIME /resulting string too large/
-- options: {"memoryLimit": 8388608}
return #string.rep("x", 2^40)
