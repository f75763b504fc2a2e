"""`python -m okrtui`: the same entry point as the `okrtui` console script."""

from okrtui.cli import main

raise SystemExit(main())
