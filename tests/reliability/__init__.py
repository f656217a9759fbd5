"""Reliability: hostile documents, damaged and contended snapshots, query limits, failing
extraction and the command line's errors, each exercised for real (real files, real
processes). ``docs/reliability.md`` lists the guarantees and the tests that hold them.
"""
