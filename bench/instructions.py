"""Place matching's cost in instructions, against geotext: a figure that repeats from run to run.

The clock on a shared machine varies by half between runs; valgrind's callgrind counts the
instructions a pass executes, which do not depend on what else the machine is doing. Run from
the repository root (needs Debian's ``valgrind``; takes about half a minute)::

    .venv/bin/python bench/instructions.py

It runs itself under callgrind with counting off, builds the gazetteer, clears the
per-spelling memories (as ``bench/resolve.py`` does for *first sight*), then counts, on the
same 743 texts: ``find`` at first sight, ``find`` seen before, and ``geotext``. Each count is
taken between two dumps that ``callgrind_control`` requests; an empty interval measured the
same way is subtracted, so what remains is the passes' own work. Figures are printed, not
asserted.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_CHILD = "GEO_INSTRUCTIONS_CHILD"
_PHASES = ("empty", "first", "seen", "geotext")


def _child() -> None:
    """Inside valgrind: the passes, with a dump after each (the parent reads the dumps)."""
    sys.path.insert(0, str(ROOT))
    from geotext import GeoText

    from bench.resolve import WARM_UP, _forget_spellings, corpus
    from geo.gazetteer import Gazetteer

    texts = [text for _, text in corpus()]
    gazetteer = Gazetteer.from_sources(online=False)
    _forget_spellings()
    GeoText(WARM_UP)
    gazetteer.find(WARM_UP)

    def control(*args: str) -> None:
        subprocess.run(["callgrind_control", *args, str(os.getpid())], capture_output=True, check=False)
        time.sleep(0.5)  # the request is read between basic blocks: let it land before going on

    control("-i", "on")
    control("-d", "start")
    control("-d", "empty")
    for text in texts:
        gazetteer.find(text)
    control("-d", "first")
    for text in texts:
        gazetteer.find(text)
    control("-d", "seen")
    for text in texts:
        GeoText(text)
    control("-d", "geotext")
    control("-i", "off")
    print(len(texts))


def main() -> int:
    if os.environ.get(_CHILD):
        _child()
        return 0
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        print("needs valgrind (Debian: apt install valgrind)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", sys.executable, str(Path(__file__).resolve())],
            cwd=folder, env={**os.environ, _CHILD: "1"}, capture_output=True, text=True, check=False)
        counts = {}
        for dump in Path(folder).glob("callgrind.out.*.*"):
            content = dump.read_text(errors="replace")
            phase = re.search(r"desc: Trigger: dump (\w+)", content)
            total = re.search(r"summary: (\d+)", content)
            if phase and total:
                counts[phase.group(1)] = int(total.group(1))
    if run.returncode or not set(_PHASES) <= set(counts):
        print(f"callgrind run failed:\n{run.stderr[-2000:]}", file=sys.stderr)
        return 1
    n = int(run.stdout.split()[-1])
    per_text = {p: (counts[p] - counts["empty"]) / n for p in _PHASES[1:]}
    print(f"{n} texts; instructions per text (thousands), ratio = geotext's / find's")
    for phase, label in (("first", "find, first sight"), ("seen", "find, seen before"), ("geotext", "geotext")):
        ratio = per_text["geotext"] / per_text[phase]
        print(f"  {label:18s} {per_text[phase] / 1000:8.1f}k   ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
