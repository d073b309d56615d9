from tests.sync.fixtures import (  # noqa: F401 - fixtures for this folder
    live_server,
    pg_database_url,
    server_db,
    sqlite_live_server,
    sqlite_server_db,
)
