#!/usr/bin/env bash
# Times a bulk create and a bulk delete through a running server, the way a
# user sends them: `newsfind ingest --server` of N short articles in
# requests of 10,000, then `newsfind delete --server` of their ids in calls
# of 10,000 (docs/benchmarks.md, "Bulk deletes").
#
#   scripts/bulkdelete.sh ./newsfind 100000 27611
set -euo pipefail
BIN=$1 N=$2 PORT=$3
TOKEN=bulkdelete-token-0123456789
D=$(mktemp -d)
"$BIN" serve --data "$D/data" --addr "127.0.0.1:$PORT" --seeds=false --token "$TOKEN" --log json >"$D/serve.log" 2>&1 &
SP=$!
trap 'kill $SP 2>/dev/null; wait $SP 2>/dev/null; rm -rf "$D"' EXIT
for _ in $(seq 100); do curl -fs "127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
python3 - "$N" "$D" <<'PY'
import json, sys
n, d = int(sys.argv[1]), sys.argv[2]
with open(d + "/arts.jsonl", "w") as f:
    for j in range(n):
        f.write(json.dumps({"id": "bulk-%d" % j, "title": "Note %d" % j,
                            "body": "Short article number %d on the price of oil and wheat, as reported on day %d." % (j, j % 365)}) + "\n")
for k in range(0, n, 10000):
    open(d + "/ids-%07d" % k, "w").write(" ".join("bulk-%d" % j for j in range(k, min(k + 10000, n))))
PY
URL=http://127.0.0.1:$PORT
s=$(date +%s.%N)
"$BIN" ingest --server "$URL" --token "$TOKEN" --batch 10000 "$D/arts.jsonl" >/dev/null
m=$(date +%s.%N)
for f in "$D"/ids-*; do
  # shellcheck disable=SC2046 # the ids are words
  "$BIN" delete --server "$URL" --token "$TOKEN" $(cat "$f") >/dev/null
done
e=$(date +%s.%N)
python3 -c "print('N=%s create %.1f s, delete %.1f s, delete/create %.2f' % ($N, $m-$s, $e-$m, ($e-$m)/($m-$s)))"
