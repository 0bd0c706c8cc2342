#!/usr/bin/env bash
# Re-indexes a corpus while a real server serves it, the way an operator
# does after a tagger or mapping change (docs/benchmarks.md, "Re-index while
# serving"): builds the data directory with `newsfind bench --keep` (its
# bulk-index time is the yardstick), starts `newsfind serve` on it, asks for
# POST /api/reindex, and while the rebuild runs keeps one client searching
# and another posting an article every 250 ms, timing how long each takes to
# become searchable. Prints the rebuild time against the bulk build, the
# failed searches and the visibility p50/p99.
#
#   scripts/reindexserving.sh ./newsfind ../shared/corpora/reuters21578.jsonl.gz 9 27621
set -euo pipefail
BIN=$1 CORPUS=$2 SCALE=$3 PORT=$4
TOKEN=reindex-serving-token-0123456789
D=$(mktemp -d)
SP=
trap '[ -n "$SP" ] && kill $SP 2>/dev/null; wait 2>/dev/null; rm -rf "$D"' EXIT
printf 'term\toil\n' >"$D/q.tsv"
"$BIN" bench --corpus "$CORPUS" --scale "$SCALE" --baseline=false --concurrency 0 --live 0 \
  --passes 1 --queries "$D/q.tsv" --keep "$D/data" --json-out "$D/bench.json" >"$D/bench.out" 2>&1
BULK=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['newsfind']['index']['seconds'])" "$D/bench.json")
"$BIN" serve --data "$D/data" --addr "127.0.0.1:$PORT" --seeds=false --token "$TOKEN" --log json >"$D/serve.log" 2>&1 &
SP=$!
for _ in $(seq 600); do curl -fs "127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
python3 - "$PORT" "$TOKEN" "$BULK" <<'PY'
import json, sys, threading, time, urllib.request, urllib.error
port, token, bulk = sys.argv[1], sys.argv[2], float(sys.argv[3])
base = "http://127.0.0.1:%s" % port

def call(method, path, body=None, auth=False):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if auth:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"{}")

stop = threading.Event()
searches, failed, vis = [0], [], []

def searcher():
    qs = ["oil", "wheat export", '"interest rate"', "tariffs OR duties", "opec country:sa"]
    i = 0
    while not stop.is_set():
        q = urllib.parse.quote(qs[i % len(qs)]); i += 1
        try:
            call("GET", "/api/search?q=" + q)
            searches[0] += 1
        except Exception as e:  # any failed search counts
            failed.append(repr(e))

def writer():
    n = 0
    while not stop.is_set():
        word = "zqreindex%dmark" % n
        t0 = time.time()
        call("POST", "/api/articles", {"id": "reindex-live-%d" % n, "title": "Live note " + word,
             "body": "A short wire note written while the index is rebuilt, numbered %d." % n}, auth=True)
        while True:
            r = call("GET", "/api/search?size=0&q=" + word)
            if r.get("total_articles", 0) > 0:
                vis.append(time.time() - t0)
                break
            time.sleep(0.01)
        n += 1
        time.sleep(0.25)

import urllib.parse
ts = [threading.Thread(target=searcher), threading.Thread(target=writer)]
for t in ts: t.start()
time.sleep(1)
t0 = time.time()
call("POST", "/api/reindex", {}, auth=True)
while True:
    time.sleep(0.5)
    s = call("GET", "/api/reindex")
    if not s.get("running") and s.get("finished"):
        break
took = time.time() - t0
stop.set()
for t in ts: t.join()
vis.sort()
pct = lambda p: vis[min(len(vis) - 1, int(p * len(vis)))] if vis else float("nan")
print("bulk build %.1f s, re-index while serving %.1f s (%.2fx); searches %d, failed %d; "
      "live writes %d, searchable after p50 %.0f ms, p99 %.0f ms, max %.0f ms; reindex error: %s"
      % (bulk, took, took / bulk, searches[0], len(failed), len(vis),
         pct(0.5) * 1000, pct(0.99) * 1000, (vis[-1] if vis else 0) * 1000, s.get("error") or "none"))
if failed:
    print("first failures:", failed[:3])
PY
