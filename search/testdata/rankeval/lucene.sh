#!/usr/bin/env bash
# Rewrites lucene-top10.tsv: Lucene 8.7 BM25 over whole articles
# (../shared/peers/lucene/LuceneArticlesBench.java, EnglishAnalyzer) on the
# ModApte training set, for the queries of queries.tsv. Needs python3,
# Java 17 and Debian's liblucene8-java (../shared/peers/run.sh installs it).
# Run from the repository root: search/testdata/rankeval/lucene.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEERS="${PEERS:-$HERE/../../../../shared/peers}"
CORPUS="${CORPUS:-$HERE/../../../../shared/corpora/reuters21578.jsonl.gz}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 - "$CORPUS" "$HERE/queries.tsv" "$WORK" <<'PY'
import gzip, json, sys
corpus, queries, work = sys.argv[1:]
with gzip.open(corpus) as f, gzip.open(work + "/train.jsonl.gz", "wt") as o:
    for line in f:
        if line.strip():
            d = json.loads(line)
            if d.get("lewissplit") == "TRAIN" and d.get("topics_attr") == "YES":
                o.write(json.dumps(d) + "\n")
with open(queries) as f, open(work + "/queries.tsv", "w") as o:
    for line in f:
        if line.strip() and not line.startswith("#"):
            o.write("subject\t" + line.rstrip("\n").split("\t")[1] + "\n")
PY
CP=""
for j in core analyzers-common facet queryparser highlighter memory queries; do CP="$CP:/usr/share/java/lucene-$j-8.7.0.jar"; done
mkdir -p "$WORK/classes"
javac -cp "${CP#:}" -sourcepath "$PEERS/lucene" -d "$WORK/classes" "$PEERS/lucene/LuceneArticlesBench.java"
java -Xmx2g -cp "$WORK/classes$CP" LuceneArticlesBench --corpus "$WORK/train.jsonl.gz" --scale 1 \
  --queries "$WORK/queries.tsv" --workdir "$WORK/index" --repeat 1 --dump "$WORK/dump.jsonl" >/dev/null
python3 - "$WORK/dump.jsonl" "$HERE/lucene-top10.tsv" <<'PY'
import json, sys
dump, out = sys.argv[1:]
with open(out, "w") as o:
    o.write("# Lucene 8.7 BM25 over whole articles (LuceneArticlesBench, EnglishAnalyzer) on the\n"
            "# ModApte TRAIN articles: query<TAB>matching articles<TAB>top 10 ids, best first.\n"
            "# Written by lucene.sh.\n")
    for line in open(dump):
        d = json.loads(line)
        ids = [t["id"].split("#")[0] for t in d["top"]]
        o.write(d["query"] + "\t" + str(d["total"]) + "\t" + ",".join(ids) + "\n")
PY
echo "wrote $HERE/lucene-top10.tsv" >&2
