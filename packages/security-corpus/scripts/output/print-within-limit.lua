-- hazard: the exact boundary: lines that fill the 26-byte limit to the last byte (each
--   counting its newline) all arrive, tab-separated, with nil and booleans spelled out
-- expect: result "done"
-- options: {"outputLimit": 26}
-- output: ["a\tb","1\ttrue\tnil","0123456789"]
print("a", "b")
print(1, true, nil)
print("0123456789")
return "done"
