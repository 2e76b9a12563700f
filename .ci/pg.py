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
