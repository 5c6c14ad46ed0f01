-- hazard: utf8 and coroutine are opt-in; by default neither may exist (coroutines bring
--   their own budget and C-stack hazards)
-- expect: result ["nil","nil"]
-- execute: {"results": "all"}
return type(utf8), type(coroutine)
