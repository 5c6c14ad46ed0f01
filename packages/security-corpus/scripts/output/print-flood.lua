-- hazard: an endless stream of short lines. Each 10-byte line costs 11 bytes (its
--   newline counts), so nine lines fit in 100 bytes and the tenth trips the limit
-- expect: error ERR_LUAWARD_OUTPUT_LIMIT
-- options: {"outputLimit": 100}
-- output: ["0123456789","0123456789","0123456789","0123456789","0123456789","0123456789","0123456789","0123456789","0123456789"]
while true do print("0123456789") end
