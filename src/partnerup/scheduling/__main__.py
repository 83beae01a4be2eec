import sys

from partnerup.scheduling.cli import main

sys.exit(main())
