"""Benchmarks of the station app, each paired with a raw baseline measured in the same run."""
