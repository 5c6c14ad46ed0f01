-- hazard: getmetatable("") returns the shared string metatable itself, so rawset can
--   replace its __index and change what every string method does
-- expect: result "ABC"
pcall(rawset, getmetatable(""), "__index", { upper = function() return "pwned" end })
return ("abc"):upper()
