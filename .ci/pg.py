"""Create or drop a scratch PostgreSQL database for CI: pg.py create|drop NAME."""

import sys

import psycopg

action, name = sys.argv[1], sys.argv[2]
with psycopg.connect(
    "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')
    if action == "create":
        conn.execute(f'CREATE DATABASE "{name}"')
    if action == "drop":
        left = conn.execute(
            "SELECT datname FROM pg_database WHERE datname IN (%s, %s)",
            (name, f"test_{name}"),
        ).fetchall()
        if left:
            sys.exit(f"could not drop {[row[0] for row in left]}")
        print(f"dropped {name} and test_{name}")
