"""The real servers and the data that both the benchmarks and the live tests drive.

Nothing here imports pytest or anything under ``tests/``: the benchmarks run without the
test suite, and the tests build on this harness rather than the other way round.
"""
