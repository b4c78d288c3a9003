"""The `tochuc` command: Django's management commands with our settings.

Commands named with a hyphen on the command line (`tochuc seed-demo`) map to the module
with an underscore (`seed_demo`).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    if len(argv) > 1 and not argv[1].startswith("-") and "-" in argv[1]:
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
