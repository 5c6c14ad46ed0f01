-- hazard: tables, closures and C functions used as table keys go to the node
--   point2uint(address) % (2^k - 1) of a hash part of 2^k nodes (ltable.c hashpointer),
--   and next() walks the nodes in order: a script that fills every other main position
--   with integer keys (an integer's hash is its value) reads where a key landed, and
--   from tables of 2^7, 2^8, 2^9 and 2^11 nodes (moduli pairwise coprime, product above
--   2^32) recovers the low 32 bits of the key's address by the Chinese remainder theorem,
--   checked against a fifth residue (mod 31). The script does it for 32 fresh tables and
--   returns whether every one came out 16-byte aligned, as malloc's blocks are: true
--   while pointers are hashed raw (an address leak that defeats ASLR for any memory bug);
--   false, but for a chance of 16^-32, once the pointer hash is keyed. An integer key read
--   back first proves the probe still works (it raises an error otherwise).
-- expect: result false
local SIZES = { 7, 8, 9, 11 }
local CHECK = 5
local KEYS = 32

-- makers[k]() returns a fresh table with no array part and an empty hash part of 2^k
-- nodes: a constructor of 2^k fields sizes it, and nil values are never inserted.
local makers = {}
for _, k in ipairs({ CHECK, table.unpack(SIZES) }) do
  local fields = {}
  for i = 1, 1 << k do fields[i] = "f" .. i .. " = nil" end
  makers[k] = assert(load("return function() return { " .. table.concat(fields, ", ") .. " } end"))()
end

-- The main position of `key` in a table of 2^k nodes, that is its hash mod 2^k - 1: the key
-- goes in alone, then an integer at every main position 0 .. 2^k - 2 (the one that collides
-- with the key moves to the last node, which is no main position); the key is then the
-- residue-th key that next() returns.
local function residue(key, k)
  local t = makers[k]()
  t[key] = true
  for r = 0, (1 << k) - 2 do t[r] = true end
  local index = 0
  for other in next, t do
    if rawequal(other, key) then return index end
    index = index + 1
  end
  error("the probe key is missing from its table")
end

-- The hash value, from its residues mod 2^k - 1 (Chinese remainder theorem), and whether
-- it agrees with an independent residue mod 2^CHECK - 1.
local function recover(key)
  local x, modulus = 0, 1
  for _, k in ipairs(SIZES) do
    local m = (1 << k) - 1
    local r = residue(key, k)
    local t = 0
    while (x + modulus * t) % m ~= r do t = t + 1 end
    x, modulus = x + modulus * t, modulus * m
  end
  return x, x % ((1 << CHECK) - 1) == residue(key, CHECK)
end

local CONTROL = 3141592653
local value, consistent = recover(CONTROL)
if value ~= CONTROL or not consistent then
  error("the probe no longer reads back an integer key (" .. value .. "): revisit it")
end

local keys = {}
for i = 1, KEYS do keys[i] = {} end
local aligned = 0
for _, key in ipairs(keys) do
  local address, agrees = recover(key)
  if agrees and address < (1 << 32) and address % 16 == 0 then aligned = aligned + 1 end
end
return aligned == KEYS
