-- Serves the benchmark harness from one long-lived reference `lua` process, so that
-- process start-up and parsing stay out of every measurement.
--
-- Usage: lua-reference lua-command-driver.lua workloads.lua
-- Each line read from stdin is a global function name followed by integer
-- arguments separated by spaces. The reply is one line: "ok <seconds>
-- <first result>", where seconds is the CPU time (os.clock) the call took,
-- or "error <message>".

dofile(assert(arg[1], 'usage: lua-reference lua-command-driver.lua workloads.lua'))

local function serve(line)
  local name, rest = line:match('^(%S+)%s*(.*)$')
  local fn = _G[name]
  if type(fn) ~= 'function' then
    error('no global function ' .. tostring(name), 0)
  end
  local args = {}
  for word in rest:gmatch('%S+') do
    args[#args + 1] = math.tointeger(tonumber(word)) or error('not an integer: ' .. word, 0)
  end
  local start = os.clock()
  local result = fn(table.unpack(args))
  return os.clock() - start, result
end

for line in io.lines() do
  local ok, seconds, result = pcall(serve, line)
  if ok then
    io.write(string.format('ok %.9f ', seconds), (tostring(result):gsub('\n', ' ')), '\n')
  else
    io.write('error ', (tostring(seconds):gsub('\n', ' ')), '\n')
  end
  io.stdout:flush()
end
