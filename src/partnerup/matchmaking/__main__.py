import sys

from partnerup.matchmaking.cli import main

sys.exit(main())
