-- hazard: a comparator that answers at random and mutates the array while it is being
--   sorted; the sort must end (in an error or not) without touching memory outside it
-- expect: result 200
-- isolate: process
local t = {}
for i = 1, 200 do t[i] = i end
math.randomseed(42)
pcall(table.sort, t, function(a, b)
  t[math.random(1, 200)] = math.random(1, 200)
  return math.random() < 0.5
end)
return #t
