import sys

from gik_nlp.cli import main

sys.exit(main())
