-- hazard: mininteger // -1 and mininteger % -1 trap (SIGFPE) in C; division and modulo
--   by zero; math.abs and math.fmod at the edges
-- expect: result ["-9223372036854775808","0","attempt to divide by zero","attempt to perform 'n%0'","-9223372036854775808","0","zero"]
-- isolate: process
local function attempt(f)
  local ok, result = pcall(f)
  if ok then return tostring(result) end
  return (result:gsub("^[^:]*:%d+: ", ""):gsub("^bad argument #%d+ to '[^']*' %((.*)%)$", "%1"))
end
local zero = 0
return {
  attempt(function() return math.mininteger // -1 end),
  attempt(function() return math.mininteger % -1 end),
  attempt(function() return 1 // zero end),
  attempt(function() return 1 % zero end),
  attempt(function() return math.abs(math.mininteger) end),
  attempt(function() return math.fmod(math.mininteger, -1) end),
  attempt(function() return math.fmod(1, zero) end),
}
