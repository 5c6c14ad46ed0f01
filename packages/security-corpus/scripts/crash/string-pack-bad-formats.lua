-- hazard: string.pack and string.unpack formats with sizes out of range, truncated data,
--   positions outside the string and values that do not fit: each must be a clean error
-- expect: result ["integral size (17) out of limits [1,16]","integral size (0) out of limits [1,16]","integer overflow","data string too short","unfinished string for format 'z'","initial position out of string","invalid format option 'y'","invalid next option for option 'X'","data string too short","string length does not fit in given size","16-byte integer does not fit into Lua Integer","variable-length format"]
-- isolate: process
local function failure(f, ...)
  local ok, err = pcall(f, ...)
  if ok then return "succeeded" end
  -- Argument errors name the function as the sandbox registered it; keep the reason.
  return (err:gsub("^bad argument #%d+ to '[^']*' %((.*)%)$", "%1"))
end
return {
  failure(string.pack, "i17", 1),
  failure(string.pack, "i0", 1),
  failure(string.pack, "i1", 300),
  failure(string.unpack, "i4", "abc"),
  failure(string.unpack, "z", "abc"),
  failure(string.unpack, "i4", "abcd", 100),
  failure(string.pack, "y", 1),
  failure(string.pack, "Xz", 1),
  failure(string.unpack, "c2147483647", "x"),
  failure(string.pack, "s1", string.rep("x", 300)),
  failure(string.unpack, "i16", string.rep("\255", 8) .. string.rep("\1", 8)),
  failure(string.packsize, "s"),
}
