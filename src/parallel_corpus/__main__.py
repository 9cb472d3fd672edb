from parallel_corpus.cli import main

raise SystemExit(main())
