"""Parsing the DAG files has no side effects: no socket opened, no file written.

The DAG processor parses every file again and again; a parse that opened a socket (a port
probe) or wrote a file (a remembered port, a secret) would do it each time, in every Airflow
process. A child process parses the real DAG folder with a project home that is read-only and
empty, and an audit hook records every socket it creates and every file it opens for writing
while the DagBag fills.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from scorecard.settings import PROJECT_DIR

PARSE = """
import json, os, sys
from airflow.dag_processing.dagbag import DagBag

seen = []

def _urllib3_ipv6_probe():
    # urllib3 asks once, at import, whether IPv6 can be bound (a socket made and closed, no
    # traffic); Cosmos imports it through the OpenLineage client. Not a parse's side effect.
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.endswith("urllib3/util/connection.py"):
            return True
        frame = frame.f_back
    return False
def audit(event, args):
    if event == "socket.__new__" and not _urllib3_ipv6_probe():
        seen.append(["socket", repr(args)])
    elif event == "open" and args[1] is not None:
        mode, flags = str(args[1]), args[2] or 0
        if any(c in mode for c in "wax+") or flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            seen.append(["write", str(args[0])])

sys.addaudithook(audit)
bag = DagBag(dag_folder=sys.argv[1])
print(json.dumps({"dags": sorted(bag.dag_ids), "errors": list(bag.import_errors), "seen": seen}))
"""


def test_parsing_the_dags_opens_no_socket_and_writes_no_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    airflow_home = tmp_path / "airflow"  # Airflow's own config file is written on import
    airflow_home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SCORECARD_", "AIRFLOW"))
    }
    env.update(
        {
            "SCORECARD_HOME": str(home),
            "AIRFLOW_HOME": str(airflow_home),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_DIR / "plugins"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PARSE, str(PROJECT_DIR / "dags")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["errors"] == []
    assert report["dags"] == ["scorecard_docs", "scorecard_ingest", "scorecard_transform"]
    assert report["seen"] == []
    assert list(home.iterdir()) == []
