package main

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/bench"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/internal/natstest"
)

// TestClusterReplayLog measures only the replay: it fills the log
// straight from the test (each Reuters article of xNEWSFIND_CLUSTER_SCALE
// normalised as a node's accept does and published to the stream, with
// no node applying it), then times a node started empty until it has
// applied the whole log. Filling the log through a node, as
// TestClusterReplayReuters does, costs as long as the single ingest it is
// compared with: at x9 on a shared machine the three phases take over an
// hour. Runs only with NEWSFIND_CLUSTER_MEASURE=1.
func TestClusterReplayLog(t *testing.T) {
	scale := measureScale(t)
	arts, err := bench.ReadCorpus(corpus.Path(t, "reuters21578.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	nc := natstest.Start(t, 3)
	// node1 makes the stream, then stops: nobody applies while the log
	// fills.
	n1 := startClusterNode(t, nc.URLs(), "node1", t.TempDir())
	waitWritable(t, n1)
	n1.stop()

	conn, err := nats.Connect(nc.URLs())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	js, err := jetstream.New(conn, jetstream.WithPublishAsyncMaxPending(1024))
	if err != nil {
		t.Fatal(err)
	}
	period := bench.Period(arts)
	now := time.Now()
	start := time.Now()
	logged := 0
	for k := 0; k < scale; k++ {
		for i := range arts {
			a := bench.Scaled(arts[i], k, period)
			if newsfind.Normalize(&a, now) != nil {
				continue
			}
			data, err := json.Marshal(&a)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := js.PublishAsync(clusterAddSubject, data); err != nil {
				t.Fatal(err)
			}
			logged++
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-time.After(5 * time.Minute):
		t.Fatal("the log did not take the articles in 5 minutes")
	}
	fill := time.Since(start)
	s, err := js.Stream(context.Background(), "NEWSFIND")
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	last := info.State.LastSeq

	n2 := startClusterNode(t, nc.URLs(), "node2", t.TempDir())
	start = time.Now()
	waitApplied(t, last, time.Duration(scale)*10*time.Minute, n2)
	replay := time.Since(start)
	var res struct {
		Total int `json:"total_articles"`
	}
	getJSON(t, n2.url+"/api/search?q=&size=0", &res)
	if res.Total < logged {
		t.Errorf("node2 has %d articles after the replay; %d were logged", res.Total, logged)
	}
	fmt.Printf("Reuters-21578 x%d: %d articles logged straight to the stream in %s; node2 started empty replayed %d log entries in %s (%.0f entries/s), %d articles searchable\n",
		scale, logged, fill.Round(time.Millisecond), last, replay.Round(time.Millisecond), float64(last)/replay.Seconds(), res.Total)
}

// clusterAddSubject is the log's add subject under the default prefix
// (cluster.Config's addSubject).
const clusterAddSubject = "newsfind.log.add"
