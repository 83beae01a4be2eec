import sys

from partnerup.cli import main

sys.exit(main())
