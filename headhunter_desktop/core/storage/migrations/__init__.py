"""Alembic migrations of the main database (a package so that wheels ship the files)."""
