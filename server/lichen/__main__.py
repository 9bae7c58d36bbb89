from lichen.cli import main

raise SystemExit(main())
