import sys

from citelint.app.cli import main

sys.exit(main())
