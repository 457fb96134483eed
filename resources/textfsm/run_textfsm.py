"""Parses a capture with a TextFSM template and prints one JSON line: the rows found and the seconds of each run.

Only TextFSM's ParseText is timed (the template is compiled and the file read before), so the bench compares parsers,
not file reads. Usage: run_textfsm.py TEMPLATE CAPTURE [--runs N] [--rows]
"""
import argparse
import gc
import json
import sys
import time

import textfsm


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("template")
    arguments.add_argument("capture")
    arguments.add_argument("--runs", type=int, default=1)
    arguments.add_argument("--rows", action="store_true", help="print the rows too, as objects keyed by value name")
    options = arguments.parse_args()

    with open(options.template, encoding="utf-8") as template:
        fsm = textfsm.TextFSM(template)
    # newline="" keeps the capture's CRLF: TextFSM reads the same characters the router sent.
    with open(options.capture, encoding="utf-8", newline="") as capture:
        text = capture.read()

    seconds = []
    rows = []
    for _ in range(max(1, options.runs)):
        fsm.Reset()
        gc.collect()
        started = time.perf_counter()
        rows = fsm.ParseText(text)
        seconds.append(time.perf_counter() - started)

    result = {"textfsm": getattr(textfsm, "__version__", "unknown"), "python": sys.version.split()[0], "seconds": seconds, "rowCount": len(rows)}
    if options.rows:
        result["rows"] = [dict(zip(fsm.header, row)) for row in rows]
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
