package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind/bench"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/internal/natstest"
)

// TestClusterReplayReuters measures, for docs/cluster.md, how long a node
// started empty takes to replay a log holding Reuters-21578 (x1, or
// xNEWSFIND_CLUSTER_SCALE copies as `newsfind bench --scale` makes them),
// against a single process ingesting the same requests. It runs only with
// NEWSFIND_CLUSTER_MEASURE=1: it takes minutes of both cores (x9: most of
// an hour).
func TestClusterReplayReuters(t *testing.T) {
	scale := measureScale(t)
	chunks, total := scaledChunks(t, scale, 500)
	send := func(url string) time.Duration {
		start := time.Now()
		for _, c := range chunks {
			req, _ := http.NewRequest(http.MethodPost, url+"/api/articles", bytes.NewReader(c))
			req.Header.Set("Authorization", "Bearer "+clusterToken)
			req.Header.Set("Content-Type", "application/x-ndjson")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusBadRequest {
				t.Fatalf("POST: %d", res.StatusCode)
			}
		}
		return time.Since(start)
	}
	single := startFaultServer(t, t.TempDir(), "--seeds=false")
	bulk := send(single.url)
	single.stop()

	nc := natstest.Start(t, 3)
	n1 := startClusterNode(t, nc.URLs(), "node1", t.TempDir())
	var logged time.Duration
	for deadline := time.Now().Add(30 * time.Second); ; {
		st, _, _, _ := post(t, n1.url, []map[string]string{clusterArticle(0)})
		if st == http.StatusOK {
			logged = send(n1.url)
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the cluster took no write in 30 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
	last := n1.status(t).AppliedSeq
	n2 := startClusterNode(t, nc.URLs(), "node2", t.TempDir())
	start := time.Now()
	waitApplied(t, last, time.Duration(scale)*10*time.Minute, n2)
	replay := time.Since(start)
	// The replayed node derived what node1 did, tags and stories included.
	a, b := n1.exportRows(t), n2.exportRows(t)
	if len(a) != len(b) {
		t.Errorf("node1 exports %d articles, node2 %d", len(a), len(b))
	}
	diff := 0
	for id, row := range a {
		if b[id] != row {
			if diff++; diff <= 3 {
				t.Errorf("article %s differs:\nnode1 %s\nnode2 %s", id, row, b[id])
			}
		}
	}
	fmt.Printf("Reuters-21578 x%d (%d articles, %d requests of 500): single process ingest %s; cluster ingest through node1 %s; node2 started empty replays %d log entries in %s (%.2fx the single ingest)\n",
		scale, total, len(chunks), bulk.Round(time.Millisecond), logged.Round(time.Millisecond), last, replay.Round(time.Millisecond), replay.Seconds()/bulk.Seconds())
}

// scaledChunks returns Reuters-21578 as NDJSON request bodies of n
// articles: scale copies of it, each as bench.Scaled makes copy k (ids
// "<id>-x<k>", dates a corpus span later), read by bench.ReadCorpus.
func scaledChunks(t *testing.T, scale, n int) ([][]byte, int) {
	t.Helper()
	arts, err := bench.ReadCorpus(corpus.Path(t, "reuters21578.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	period := bench.Period(arts)
	var chunks [][]byte
	var buf bytes.Buffer
	count := 0
	for k := 0; k < scale; k++ {
		for i := range arts {
			a := bench.Scaled(arts[i], k, period)
			b, err := json.Marshal(&a)
			if err != nil {
				t.Fatal(err)
			}
			if a.Published.IsZero() {
				var m map[string]any
				_ = json.Unmarshal(b, &m)
				delete(m, "published")
				b, _ = json.Marshal(m)
			}
			buf.Write(b)
			buf.WriteByte('\n')
			if count++; count%n == 0 {
				chunks = append(chunks, bytes.Clone(buf.Bytes()))
				buf.Reset()
			}
		}
	}
	if buf.Len() > 0 {
		chunks = append(chunks, bytes.Clone(buf.Bytes()))
	}
	return chunks, count
}

// exportRows returns each article's export row, without its score.
func (n *clusterNode) exportRows(t *testing.T) map[string]string {
	t.Helper()
	res, err := http.Get(n.url + "/api/export?format=ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		delete(row, "score")
		b, _ := json.Marshal(row)
		out[fmt.Sprint(row["id"])] = string(b)
	}
	return out
}

// TestClusterLag measures, under a steady ingest to node1, the time from
// node1's answer until node2 and node3 have applied the write (their lag
// as a reader sees it), and holds its p99 under 1 s. With
// NEWSFIND_CLUSTER_MEASURE=1 it runs longer, for docs/cluster.md.
func TestClusterLag(t *testing.T) {
	_, ns := startCluster(t, 3)
	dur, rate := 5*time.Second, 20 // writes a second, 5 articles each
	if os.Getenv("NEWSFIND_CLUSTER_MEASURE") == "1" {
		dur = 30 * time.Second
	}
	type write struct {
		seq    uint64
		answer time.Time
	}
	var mu sync.Mutex
	var writes []write
	var latencies []time.Duration
	stop := make(chan struct{})
	seen := make([]map[uint64]time.Time, len(ns))
	var pollers sync.WaitGroup
	for k := 1; k < len(ns); k++ {
		seen[k] = map[uint64]time.Time{}
		pollers.Go(func() {
			var last uint64
			for {
				select {
				case <-stop:
					return
				default:
				}
				st := ns[k].status(t)
				now := time.Now()
				mu.Lock()
				for s := last + 1; s <= st.AppliedSeq; s++ {
					seen[k][s] = now
				}
				mu.Unlock()
				last = max(last, st.AppliedSeq)
				time.Sleep(2 * time.Millisecond)
			}
		})
	}
	tick := time.NewTicker(time.Second / time.Duration(rate))
	end := time.Now().Add(dur)
	i := 10000
	for time.Now().Before(end) {
		<-tick.C
		var arts []map[string]string
		for j := 0; j < 5; j++ {
			arts = append(arts, clusterArticle(i))
			i++
		}
		st, seq, _, took := post(t, ns[0].url, arts)
		if st != http.StatusOK {
			t.Fatalf("POST: %d", st)
		}
		mu.Lock()
		writes = append(writes, write{seq, time.Now()})
		latencies = append(latencies, took)
		mu.Unlock()
	}
	tick.Stop()
	waitApplied(t, writes[len(writes)-1].seq, 10*time.Second, ns...)
	time.Sleep(50 * time.Millisecond)
	close(stop)
	pollers.Wait()
	var lags []time.Duration
	for _, w := range writes {
		for k := 1; k < len(ns); k++ {
			at, ok := seen[k][w.seq]
			if !ok {
				t.Fatalf("node%d: no time seen for entry %d", k+1, w.seq)
			}
			lags = append(lags, max(0, at.Sub(w.answer)))
		}
	}
	q := func(d []time.Duration, p float64) time.Duration {
		s := append([]time.Duration(nil), d...)
		sort.Slice(s, func(a, b int) bool { return s[a] < s[b] })
		return s[min(len(s)-1, int(p*float64(len(s))))]
	}
	t.Logf("%d writes of 5 articles at %d/s for %s: write answer p50 %s p99 %s; replica lag after the answer p50 %s p99 %s max %s",
		len(writes), rate, dur, q(latencies, .5), q(latencies, .99), q(lags, .5), q(lags, .99), q(lags, 1))
	if p99 := q(lags, .99); p99 > time.Second {
		t.Errorf("replica lag p99 %s; want under 1 s", p99)
	}
}

// measureScale skips t unless NEWSFIND_CLUSTER_MEASURE=1 asks for the
// replay measurements, and returns how many copies of Reuters they take
// (NEWSFIND_CLUSTER_SCALE, 1 to 20; 1 unset).
func measureScale(t *testing.T) int {
	t.Helper()
	if os.Getenv("NEWSFIND_CLUSTER_MEASURE") != "1" {
		t.Skip("set NEWSFIND_CLUSTER_MEASURE=1 to measure the replay of Reuters-21578")
	}
	v := os.Getenv("NEWSFIND_CLUSTER_SCALE")
	if v == "" {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 20 {
		t.Fatalf("NEWSFIND_CLUSTER_SCALE=%q: give 1 to 20", v)
	}
	return n
}
