-- The Lua side of the engine benchmark, loaded unchanged into every runtime.
-- Each bench_* function runs one workload of the size it is given and returns a
-- checksum string, so the harness can check that every runtime did the same
-- work (an integer argument that arrived as a float, for instance, shows up as
-- "832040.0" instead of "832040").

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

function bench_fib(n)
  return tostring(fib(n))
end

-- Park-Miller "minimal standard" generator with Schrage's decomposition: every
-- intermediate value stays below 2^31, so the sequence is the same on runtimes
-- with 32-bit integers (fengari) and 64-bit ones (PUC-Rio Lua, wasmoon).
local function next_random(x)
  local hi, lo = x // 127773, x % 127773
  x = 16807 * lo - 2836 * hi
  if x <= 0 then x = x + 2147483647 end
  return x
end

function bench_sort(n)
  local t, x = {}, 42
  for i = 1, n do
    x = next_random(x)
    t[i] = x
  end
  table.sort(t)
  return string.format('%d %d %d', t[1], t[n // 2], t[n])
end

local function digit_count(match)
  return #match
end

function bench_strings(n)
  local parts = {}
  for i = 1, n do
    parts[i] = string.format('%d:%s:%.2f;', i, 'item', i / 7)
  end
  local text = table.concat(parts)
  local renamed, by_pattern = text:gsub('(%d+):item', '%1=entry')
  local replaced, by_function = renamed:gsub('%d+%.%d+', digit_count)
  return string.format('%d %d %d', #replaced, by_pattern, by_function)
end

-- Call patterns: JS calls add(a, b); the callback loop calls the host
-- function js_add from Lua, and the empty loop does the same arithmetic
-- without the call, so its cost can be subtracted.
function add(a, b)
  return a + b
end

function callback_loop(n)
  local sum = 0
  for i = 1, n do
    sum = sum + js_add(i, 1)
  end
  return sum
end

function empty_loop(n)
  local sum = 0
  for i = 1, n do
    sum = sum + (i + 1)
  end
  return sum
end

-- Run before every timed call, untimed, so garbage left by the previous
-- workload is not collected inside the next measurement.
function bench_prepare()
  collectgarbage('collect')
end
