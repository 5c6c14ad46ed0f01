-- hazard: string.byte over a million-byte string pushes one result per byte
-- expect: error ERR_LUAWARD_RUNTIME /string slice too long/
return select("#", string.byte(string.rep("x", 1000000), 1, -1))
