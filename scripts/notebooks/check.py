#!/usr/bin/env python3
"""Checks executed notebooks (the output of scripts/notebooks/run.sh).

Fails (exit 1, one line per problem) unless, in every notebook given:
  - every code cell ran (it has an execution count) and left no error output;
  - every cell tagged "graph" displayed an image/svg+xml or text/html output holding a picture
    (an <svg> element, or an HTML page), and the notebook has at least one such cell;
  - when the notebook's metadata has fluxion.min_accuracy, a cell tagged "accuracy" printed or
    displayed "test accuracy N %" with N/100 at least that.
Only the standard library is used, so any Python 3 runs it.
"""
import json
import re
import sys


def text(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def check(path):
    problems = []
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    name = path.rsplit("/", 1)[-1]
    if nb.get("metadata", {}).get("kernelspec", {}).get("name") != "deno":
        problems.append(f"{name}: the kernelspec is not Deno's (metadata.kernelspec.name != 'deno')")
    graphs = 0
    min_accuracy = nb.get("metadata", {}).get("fluxion", {}).get("min_accuracy")
    accuracy_seen = None
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        where = f"{name}: code cell {index}"
        first_line = text(cell.get("source")).strip().split("\n")[0][:60]
        if cell.get("execution_count") is None:
            problems.append(f"{where} ({first_line!r}) did not run")
        tags = cell.get("metadata", {}).get("tags", [])
        outputs = cell.get("outputs", [])
        for out in outputs:
            if out.get("output_type") == "error":
                problems.append(f"{where} ({first_line!r}) raised {out.get('ename')}: {out.get('evalue')}")
        if "graph" in tags:
            pictures = []
            for out in outputs:
                if out.get("output_type") not in ("display_data", "execute_result"):
                    continue
                data = out.get("data", {})
                svg = text(data.get("image/svg+xml"))
                html = text(data.get("text/html"))
                if "<svg" in svg or "<svg" in html or "<html" in html.lower() or "<!doctype" in html.lower():
                    pictures.append(out)
            if pictures:
                graphs += 1
            else:
                problems.append(f"{where} ({first_line!r}) is tagged 'graph' but displayed no image/svg+xml or text/html picture")
        if "accuracy" in tags:
            printed = "".join(text(o.get("text")) + text(o.get("data", {}).get("text/plain")) for o in outputs)
            m = re.search(r"test accuracy (\d+(?:\.\d+)?) %", printed)
            if m:
                accuracy_seen = float(m.group(1)) / 100
    if graphs == 0:
        problems.append(f"{name}: no graph came out as image/svg+xml or text/html (no cell tagged 'graph' displayed one)")
    if min_accuracy is not None:
        if accuracy_seen is None:
            problems.append(f"{name}: no cell tagged 'accuracy' printed 'test accuracy N %'")
        elif accuracy_seen < min_accuracy:
            problems.append(f"{name}: test accuracy {accuracy_seen:.3f} is below the stated {min_accuracy}")
        else:
            print(f"{name}: test accuracy {accuracy_seen * 100:.1f} % (at least {min_accuracy * 100:g} % required)")
    print(f"{name}: {graphs} graph picture(s), {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return problems


def main(paths):
    if not paths:
        print("usage: check.py EXECUTED.ipynb...", file=sys.stderr)
        return 2
    problems = [p for path in paths for p in check(path)]
    for p in problems:
        print("FAIL " + p, file=sys.stderr)
    passed = len(paths) - len({p.split(":", 1)[0] for p in problems})
    print(f"notebooks: {passed} passed, {len(paths) - passed} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
