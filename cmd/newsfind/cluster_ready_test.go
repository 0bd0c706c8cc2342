package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind/internal/natstest"
)

// natsUsers is the NATS servers' users for TestClusterReadyzRedWhileBehind:
// "writer" may do anything; "slow", while held, may read the log's state
// but not create the consumer a node applies the log through.
func natsUsers(hold bool) string {
	slow := `{user: slow, password: slow}`
	if hold {
		slow = `{user: slow, password: slow, permissions: {publish: {deny: ["$JS.API.CONSUMER.CREATE.NEWSFIND", "$JS.API.CONSUMER.CREATE.NEWSFIND.>"]}}}`
	}
	return "authorization {\n users = [\n  {user: writer, password: writer}\n  " + slow + "\n ]\n}\n"
}

// TestClusterReadyzRedWhileBehind: a node further behind the log than
// --max-lag is red on /readyz (a load balancer skips it) while it still
// answers, and green once it has caught up. The node is held back by the
// NATS server's permissions, which is deterministic where pausing the
// process or outrunning it is not: its user may read the stream's state,
// so the node knows how far behind it is, but may not create its
// consumer, until the operator lifts that and reloads the server.
func TestClusterReadyzRedWhileBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a nats-server and 2 newsfind processes")
	}
	nc := natstest.StartConf(t, 1, natsUsers(true))
	as := func(user string) string {
		return strings.Replace(nc.Servers[0].URL, "nats://", "nats://"+user+":"+user+"@", 1)
	}
	start := func(name, user string, extra ...string) *clusterNode {
		args := append([]string{"--nats", as(user), "--node", name, "--nats-replicas", "1", "--seeds=false", "--drain", "0s"}, extra...)
		return &clusterNode{faultServer: startFaultServer(t, t.TempDir(), args...), name: name}
	}
	n1 := start("node1", "writer")
	waitWritable(t, n1)
	var last uint64
	for i := 1; i <= 10; i++ {
		st, seq, _, _ := post(t, n1.url, []map[string]string{clusterArticle(i)})
		if st != http.StatusOK {
			t.Fatalf("POST %d: %d", i, st)
		}
		last = seq
	}

	n2 := start("node2", "slow", "--max-lag", "3")
	readyz := func() (int, string) {
		res, err := http.Get(n2.url + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		st, b := readyz()
		if st == http.StatusServiceUnavailable && strings.Contains(b, "behind") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("node2, %d entries behind with --max-lag 3: /readyz %d %s, /api/cluster %+v; want 503 saying it is behind; log:\n%s",
				last, st, b, n2.status(t), tail(n2.log(), 3000))
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Red while held, and serving all the same.
	time.Sleep(2 * time.Second)
	if st, b := readyz(); st != http.StatusServiceUnavailable {
		t.Errorf("node2 still held: /readyz %d %s; want 503", st, b)
	}
	if s := n2.status(t); s.AppliedSeq != 0 || s.Lag != last {
		t.Errorf("node2 held: %+v; want nothing applied, %d behind", s, last)
	}
	if c := getJSON(t, n2.url+"/api/search?q=dispatch", &struct{}{}); c != http.StatusOK {
		t.Errorf("node2 held: a search answers %d; want 200", c)
	}

	if err := nc.Servers[0].SetConf(natsUsers(false)); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(30 * time.Second)
	for {
		st, b := readyz()
		if st == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("node2 released: /readyz %d %s after 30 s, /api/cluster %+v; log:\n%s", st, b, n2.status(t), tail(n2.log(), 3000))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if s := n2.status(t); s.AppliedSeq < last-3 {
		t.Errorf("node2 green at %+v; want within 3 of %d", s, last)
	}
}
