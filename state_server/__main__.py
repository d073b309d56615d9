import sys

from state_server.cli import main

sys.exit(main())
