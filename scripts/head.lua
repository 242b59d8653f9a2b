-- `make bench`: wrk sends HEAD instead of GET (scripts/bench.py, target "guide, cached, HEAD").
wrk.method = "HEAD"
