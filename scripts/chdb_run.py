"""Runs SQL statements on chDB (current ClickHouse, in process) in one session.

Reads a JSON array of statements on stdin, runs them in order in a throw-away session, and prints a
JSON object: {"version": "<ClickHouse version>", "results": ["<TSV output>", ...]}. A failing
statement exits 1 with the statement and the error on stderr.
"""
import json
import sys
import tempfile

from chdb import session


def main():
    statements = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as path:
        s = session.Session(path)
        results = []
        for statement in statements:
            try:
                results.append(str(s.query(statement, "TSV")))
            except Exception as e:  # chDB raises its own error types
                print("chdb_run: failed: %s\n%s" % (e, statement[:2000]), file=sys.stderr)
                sys.exit(1)
        version = str(s.query("SELECT version()", "TSV")).strip()
        s.close()
    json.dump({"version": version, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
