-- hazard: a piece length times a count that overflows size_t would allocate a short
--   buffer and copy past it if the product were not checked
-- expect: error ERR_LUAWARD_RUNTIME /resulting string too large/
return #string.rep("xx", math.maxinteger, "yy")
