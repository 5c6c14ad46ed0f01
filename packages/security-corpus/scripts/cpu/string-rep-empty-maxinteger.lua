-- hazard: repeating the empty string math.maxinteger times allocates nothing, so no
--   limit trips, while stock Lua copies zero bytes 2^63 times inside one C call; the
--   result is simply the empty string
-- expect: result ""
-- isolate: process
return string.rep("", math.maxinteger)
