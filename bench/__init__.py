"""Benchmarks of the platform against real servers; `make bench` runs them all.

Each benchmark is one module with a ``main()`` that prints its figures (no pass/fail);
``python -m bench`` runs every module listed in :mod:`bench.__main__`, and
``python -m bench.<name>`` runs one.
"""
