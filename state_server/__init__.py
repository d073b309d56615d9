"""The reference state server: receives stations' records and serves reference data (``/sync/v1``)."""

__version__ = "0.1.0"
