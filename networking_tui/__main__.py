from networking_tui.cli import main

raise SystemExit(main())
