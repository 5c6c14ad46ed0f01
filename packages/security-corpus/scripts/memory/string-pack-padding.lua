-- hazard: the "c" option of string.pack pads a short string to the declared size, here
--   two billion bytes, one byte at a time inside the C function
-- expect: error ERR_LUAWARD_MEMORY_LIMIT
-- options: {"memoryLimit": 8388608}
return #string.pack("c2000000000", "")
