-- A first LuaWard script: `npm run demo` runs it in an isolated VM.
-- What it prints reaches your terminal; what it returns is printed after.
print("Hello from Lua, running in an isolated worker process!")

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local squares = {}
for i = 1, 5 do squares[i] = i * i end
print("squares: " .. table.concat(squares, ", "))

return { greeting = "Hello, " .. _VERSION, fib20 = fib(20), squares = squares }
