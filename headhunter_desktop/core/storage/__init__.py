"""The main database: models, migrations, the worker-thread `MainDatabase`, repositories.

`database.MainDatabase` opens and migrates; `tables` holds the ORM tables; repositories such
as `clients` are plain functions over a Session, run through `MainDatabase.run()`.
"""
