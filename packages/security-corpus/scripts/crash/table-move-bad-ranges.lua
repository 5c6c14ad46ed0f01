-- hazard: table.move ranges that wrap around the integer limits
-- expect: result ["destination wrap around","too many elements to move","destination wrap around"]
-- isolate: process
local function failure(...)
  local ok, err = pcall(table.move, ...)
  if ok then return "succeeded" end
  return (err:gsub("^bad argument #%d+ to '[^']*' %((.*)%)$", "%1"))
end
return {
  failure({}, 1, math.maxinteger, 2),
  failure({}, math.mininteger, 1, 1),
  failure({}, 1, 10, math.maxinteger),
}
