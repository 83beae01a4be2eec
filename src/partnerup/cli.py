"""The `partnerup` console script.

The engine commands (`schedule`, `allocate`, `recommend`) run without Django so they start fast
and can be used on their own; every other command is a Django management command.
"""

from __future__ import annotations

import importlib
import os
import sys

ENGINE_COMMANDS = {
    "schedule": "partnerup.scheduling.cli",
    "allocate": "partnerup.allocation.cli",
    "recommend": "partnerup.matchmaking.cli",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args and args[0] in ENGINE_COMMANDS:
        module = importlib.import_module(ENGINE_COMMANDS[args[0]])
        return int(module.main(args[1:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerup.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["partnerup", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
