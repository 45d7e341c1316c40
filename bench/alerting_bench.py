#!/usr/bin/env python3
"""Issue #12's alerting benchmarks, driven by bench/alerting.sh (which starts the servers):

  throughput: alerts/s accepted by POST /api/v2/alerts, flat out from 4 threads for a fixed time, each alert with
              labels of its own (so every alert makes an aggregation group: the group-by work), Fluxtap and the real
              Alertmanager 0.25 in turns (A B, B A, ...).
  latency:    a sample that makes a Fluxtap rule true (OTLP/HTTP gauge) to the webhook receiving the notification,
              against the bound: evaluation interval + group_wait + 100 ms.

Bounded: every loop stops at its deadline. Loopback only.
"""
import json, math, sys, threading, time, urllib.parse, urllib.request, statistics
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

def post(url, body, content_type="application/json", timeout=10):
    req = urllib.request.Request(url, data=body, headers={"Content-Type": content_type}, method="POST")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        r.read()
        return r.status

def throughput(api, seconds, threads, batch, tag):
    stop = time.monotonic() + seconds
    accepted = [0] * threads
    def run(n):
        i = 0
        while time.monotonic() < stop:
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            end = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
            alerts = [{"labels": {"alertname": "Load", "instance": f"{tag}-{n}-{i}-{k}", "job": "bench"},
                       "annotations": {"summary": "load"}, "startsAt": now, "endsAt": end} for k in range(batch)]
            i += 1
            try:
                if post(api + "alerts", json.dumps(alerts).encode()) == 200:
                    accepted[n] += batch
            except Exception:
                pass
    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    started = time.monotonic()
    for w in workers: w.start()
    for w in workers: w.join()
    return sum(accepted) / (time.monotonic() - started)

class Capture(BaseHTTPRequestHandler):
    arrivals = []
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Capture.arrivals.append((time.time(), self.path, json.loads(body or b"{}")))
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args):
        pass

def parse_rfc3339(text):
    """Seconds since the epoch of an RFC 3339 time with up to nanoseconds (Python's parser takes microseconds)."""
    import datetime, re
    m = re.match(r"(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", text)
    base = datetime.datetime.fromisoformat(m.group(1) + (m.group(3).replace("Z", "+00:00")))
    return base.timestamp() + (float("0." + m.group(2)) if m.group(2) else 0.0)

def latency(otlp_metrics, query_api, probes, timeout):
    """Per probe: sent, acknowledged, queryable (PromQL sees the sample), the alert's startsAt (the evaluation that
    found it true) and the webhook's arrival, all as seconds after sending."""
    results = []
    # probe -1 warms the path up (the first OTLP request and the first rule evaluation that fires run cold code, a
    # JIT warm-up of about 0.5 s); it is not counted
    for p in range(-1, probes):
        # probe p is sent at fraction p/probes of a wall-clock second, so the probes cover every phase of the
        # rule's 1 s evaluation slots, the worst (just missing a slot) included
        now = time.time()
        time.sleep(math.floor(now) + 2 + max(p, 0) / probes - now)
        t0 = time.time()
        body = {"resourceMetrics": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "bench"}}]},
                "scopeMetrics": [{"metrics": [{"name": "latency_probe", "gauge": {"dataPoints": [
                    {"asDouble": 1, "timeUnixNano": str(int(t0 * 1e9)),
                     "attributes": [{"key": "probe", "value": {"stringValue": str(p)}}]}]}}]}]}]}
        visible = []
        def watch():
            url = query_api + "?query=" + urllib.parse.quote('latency_probe{probe="%d"}' % p)
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                try:
                    with urllib.request.urlopen(url, timeout=5) as r:
                        if json.load(r)["data"]["result"]:
                            visible.append(time.time() - t0)
                            return
                except Exception:
                    pass
                time.sleep(0.002)
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        post(otlp_metrics, json.dumps(body).encode())
        acked = time.time() - t0
        deadline = time.monotonic() + timeout
        arrived = None
        while time.monotonic() < deadline and arrived is None:
            for at, path, body in list(Capture.arrivals):
                for a in body.get("alerts", []) if path.startswith("/latency") else []:
                    if a["labels"].get("probe") == str(p) and a["status"] == "firing":
                        arrived = {"arrived": at - t0, "starts_at": parse_rfc3339(a["startsAt"]) - t0}
            time.sleep(0.005)
        watcher.join(timeout)
        if arrived is not None:
            arrived.update({"acked": acked, "visible": visible[0] if visible else None})
        if p >= 0:
            results.append(arrived)
    return results

if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "capture":
        server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Capture)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        spec = json.loads(sys.argv[3])
        out = {}
        rounds = spec["rounds"]
        for r in range(rounds):
            order = ["alertmanager", "fluxtap"] if r % 2 == 0 else ["fluxtap", "alertmanager"]
            for name in order:
                out.setdefault(name, []).append(throughput(spec[name], spec["seconds"], 4, spec["batch"], f"{name}{r}"))
        out["latency"] = latency(spec["otlp_metrics"], spec["query"], spec["probes"], 30)
        print(json.dumps(out))
        server.shutdown()
