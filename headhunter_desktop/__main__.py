from headhunter_desktop.cli import main

raise SystemExit(main())
