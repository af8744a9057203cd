"""The main database: models, migrations, the worker-thread `MainDatabase`, repositories.

`database.MainDatabase` opens and migrates; `models` holds the tables; repositories such
as `clients` are plain functions over a Session, run through `MainDatabase.run()`.
"""
