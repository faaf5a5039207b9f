"""Summarises a schemathesis run from its NDJSON event log as one JSON object: the operations it
reached, the cases and requests it sent, the statuses it got, 5xx answers and failed checks by name.
Exits 1 when any check failed or any answer was a 5xx. Usage: schemathesis-summary.py REPORT_DIR SHA"""
import collections
import json
import sys
from pathlib import Path

report, sha = Path(sys.argv[1]), sys.argv[2]
log = max(report.glob("ndjson-*.ndjson"), key=lambda p: p.stat().st_mtime)
operations, statuses = set(), collections.Counter()
failed_checks, checks_run = collections.Counter(), collections.Counter()
cases = requests = errors = 0
running_time = None
for line in log.open():
    event = json.loads(line)
    kind, body = next(iter(event.items()))
    if kind == "NonFatalError":
        errors += 1
    elif kind == "EngineFinished":
        running_time = round(body["running_time"], 1)
    elif kind == "ScenarioFinished":
        recorder = body["recorder"]
        if body["phase"] != "stateful" and recorder.get("cases"):
            operations.add(recorder["label"])
        cases += len(recorder.get("cases", {}))
        for interaction in recorder.get("interactions", {}).values():
            response = interaction.get("response")
            if response:
                requests += 1
                statuses[response["status_code"]] += 1
        for results in recorder.get("checks", {}).values():
            for check in results:
                checks_run[check["name"]] += 1
                if check["status"] == "failure":
                    failed_checks[check["name"]] += 1
server_errors = sum(n for status, n in statuses.items() if status >= 500)
summary = {
    "git_sha": sha,
    "report": str(log),
    "running_time_s": running_time,
    "operations_covered": sorted(operations),
    "cases": cases,
    "requests": requests,
    "statuses": {str(k): v for k, v in sorted(statuses.items())},
    "server_errors": server_errors,
    "checks_run": dict(checks_run),
    "failed_checks": dict(failed_checks),
    "schema_violations": failed_checks.get("response_schema_conformance", 0),
    "errors": errors,
}
print(json.dumps(summary, indent=2))
sys.exit(1 if failed_checks or server_errors or errors else 0)
