-- hazard: string.dump serialises a function to bytecode, the first step to forging a
--   binary chunk; it must be gone from the global string table and from string methods
-- expect: result ["nil","nil"]
-- execute: {"results": "all"}
return type(string.dump), type(("").dump)
