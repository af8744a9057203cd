"""`python -m headhunter_desktop`, and the entry script of the PyInstaller bundle."""

import multiprocessing

if __name__ == "__main__":
    # In a frozen app, an extraction worker process starts this same executable: this
    # turns it into the worker (and returns at once in the app itself). Before the app's
    # imports, so a worker loads only what extraction needs.
    multiprocessing.freeze_support()

    from headhunter_desktop.cli import main

    raise SystemExit(main())
