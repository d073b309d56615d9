"""Alembic environment of the station database (run at start-up by station_app.core.migrate)."""
