"""Storage: the only package that imports SQLAlchemy and Alembic (imported lazily by its callers).

`records` holds the plain data the rest of runstrong sees; `db` opens and migrates a database;
`repository` reads and writes it, one transaction per call.
"""
