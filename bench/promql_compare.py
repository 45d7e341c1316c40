#!/usr/bin/env python3
"""Times the same range queries against Fluxtap and Prometheus and checks that their results agree.

Usage: promql_compare.py FLUXTAP_URL PROMETHEUS_URL START END STEP RUNS RESULTS_JSON
(URLs up to and including /api/v1's parent, e.g. http://127.0.0.1:8080/prometheus). Each query runs once to
warm up, then RUNS times against each server in turn; every answer is compared point by point: same series
(by label set), same timestamps, values equal within 1e-6 relative (NaN only matches NaN). Exit status 1 if
any result disagrees or fails.
"""
import json
import math
import statistics
import sys
import time
import urllib.parse
import urllib.request

QUERIES = [
    "sum by (group) (rate(bench_requests_total[5m]))",
    "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))",
]
TOLERANCE = 1e-6


def query_range(base, query, start, end, step):
    body = urllib.parse.urlencode({"query": query, "start": start, "end": end, "step": step}).encode()
    request = urllib.request.Request(base + "/api/v1/query_range", data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    began = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        payload = response.read()
    elapsed = time.perf_counter() - began
    answer = json.loads(payload)
    if answer.get("status") != "success":
        raise RuntimeError(f"{base}: {answer}")
    return elapsed, answer["data"]


def as_series(data):
    series = {}
    for item in data["result"]:
        key = tuple(sorted(item["metric"].items()))
        series[key] = [(float(t), float(v)) for t, v in item["values"]]
    return series


def agree(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if a == b:
        return True
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def compare(fluxtap, prometheus):
    """Disagreements as text, at most 10."""
    problems = []
    left, right = as_series(fluxtap), as_series(prometheus)
    if left.keys() != right.keys():
        problems.append(f"series differ: only in Fluxtap {sorted(left.keys() - right.keys())[:3]}, "
                        f"only in Prometheus {sorted(right.keys() - left.keys())[:3]}")
    points = 0
    for key in sorted(left.keys() & right.keys()):
        mine, theirs = left[key], right[key]
        if [t for t, _ in mine] != [t for t, _ in theirs]:
            problems.append(f"{dict(key)}: timestamps differ ({len(mine)} vs {len(theirs)} points)")
            continue
        for (t, a), (_, b) in zip(mine, theirs):
            points += 1
            if not agree(a, b):
                problems.append(f"{dict(key)} at {t}: Fluxtap {a!r}, Prometheus {b!r}")
    return problems[:10], points


def main():
    fluxtap, prometheus, start, end, step, runs, out = sys.argv[1:8]
    runs = int(runs)
    report, failed = [], False
    for query in QUERIES:
        entry = {"query": query, "start": start, "end": end, "step": step}
        try:
            _, mine = query_range(fluxtap, query, start, end, step)
            _, theirs = query_range(prometheus, query, start, end, step)
            problems, points = compare(mine, theirs)
            timings = {"fluxtap": [], "prometheus": []}
            for _ in range(runs):
                timings["fluxtap"].append(query_range(fluxtap, query, start, end, step)[0])
                timings["prometheus"].append(query_range(prometheus, query, start, end, step)[0])
            entry.update({"series": len(mine["result"]), "points_compared": points, "disagreements": problems,
                          "seconds": timings})
            failed |= bool(problems) or points == 0
        except Exception as e:  # a failed query is a result too: reported, and the run fails
            entry["error"] = str(e)
            failed = True
        report.append(entry)
        print(f"\n{query}")
        if "error" in entry:
            print(f"  FAILED: {entry['error']}")
            continue
        for server in ("fluxtap", "prometheus"):
            s = entry["seconds"][server]
            print(f"  {server:10s} median {statistics.median(s) * 1000:9.1f} ms   min {min(s) * 1000:9.1f} ms   "
                  f"max {max(s) * 1000:9.1f} ms   ({runs} runs)")
        verdict = "agree" if not entry["disagreements"] and points else "DISAGREE"
        print(f"  results: {entry['series']} series, {points} points compared: {verdict} within {TOLERANCE} relative")
        for problem in entry["disagreements"]:
            print(f"    {problem}")
    with open(out, "w") as f:
        json.dump(report, f, indent=2)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
