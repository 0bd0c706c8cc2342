package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/cluster"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/seeds"
	"github.com/newsfind/newsfind/web"
)

// clusterOptions are serve's flags of cluster mode (docs/cluster.md):
// with --nats the server is one node of a cluster fed from a NATS
// JetStream article log; without, nothing of it runs.
type clusterOptions struct {
	nats, node, stream, subject   string
	creds, tlsCert, tlsKey, tlsCA string
	replicas                      int
	maxLag                        uint64
}

func addClusterFlags(fs *flagSet, o *clusterOptions) {
	host, _ := os.Hostname()
	fs.StringVar(&o.nats, "nats", "", "cluster mode: NATS server URLs, comma-separated; every write goes through the JetStream article log")
	fs.StringVar(&o.node, "node", host, "cluster mode: this node's name")
	fs.StringVar(&o.stream, "nats-stream", cluster.DefaultStream, "cluster mode: the JetStream stream of the article log")
	fs.StringVar(&o.subject, "nats-subject", cluster.DefaultSubject, "cluster mode: the log's subject prefix")
	fs.IntVar(&o.replicas, "nats-replicas", cluster.DefaultReplicas, "cluster mode: the stream's replicas, when this node creates it")
	fs.StringVar(&o.creds, "nats-creds", "", "cluster mode: NATS credentials file")
	fs.StringVar(&o.tlsCert, "nats-tls-cert", "", "cluster mode: TLS client certificate file for NATS")
	fs.StringVar(&o.tlsKey, "nats-tls-key", "", "cluster mode: TLS client key file for NATS")
	fs.StringVar(&o.tlsCA, "nats-tls-ca", "", "cluster mode: CA file the NATS servers' certificates are checked against")
	fs.Uint64Var(&o.maxLag, "max-lag", cluster.DefaultMaxLag, "cluster mode: /readyz is red while the node is more than this many log entries behind")
}

// startNode starts the cluster node of serve, nil without --nats. The
// seeds go into the log (once for the cluster), not into the engine.
func startNode(o serveOptions, eng *engine.Engine, log zerolog.Logger) (*cluster.Node, error) {
	c := o.cluster
	if c.nats == "" {
		return nil, nil
	}
	var urls []string
	for _, u := range strings.Split(c.nats, ",") {
		if u = strings.TrimSpace(u); u != "" {
			urls = append(urls, u)
		}
	}
	cfg := cluster.Config{URLs: urls, Node: c.node, Stream: c.stream, Subject: c.subject, Replicas: c.replicas,
		Creds: c.creds, TLSCert: c.tlsCert, TLSKey: c.tlsKey, TLSCA: c.tlsCA, MaxLag: c.maxLag,
		Logger: log.With().Str("part", "cluster").Logger()}
	if o.seeds {
		cfg.Seeds = seeds.Articles
	}
	return cluster.Start(cfg, eng)
}

// clusterMetrics are the node's figures on /metrics.
func clusterMetrics(n *cluster.Node) []web.Metric {
	st := func(f func(cluster.Status) float64) func() float64 {
		return func() float64 { return f(n.Status()) }
	}
	return []web.Metric{
		{Name: "newsfind_cluster_applied_seq", Help: "The last article-log entry this node applied.", Value: st(func(s cluster.Status) float64 { return float64(s.AppliedSeq) })},
		{Name: "newsfind_cluster_last_seq", Help: "The article log's last entry, as this node last saw it.", Value: st(func(s cluster.Status) float64 { return float64(s.LastSeq) })},
		{Name: "newsfind_cluster_lag", Help: "Article-log entries not yet applied on this node.", Value: st(func(s cluster.Status) float64 { return float64(s.Lag) })},
		{Name: "newsfind_cluster_nats_connected", Help: "1 while this node is connected to a NATS server.", Value: st(func(s cluster.Status) float64 {
			if s.Connected {
				return 1
			}
			return 0
		})},
	}
}

// refuseClusterDir refuses a write that would go straight into a cluster
// node's data directory: the other nodes would never see it, and this
// one would no longer be what the log says. Writes go through a node.
func refuseClusterDir(eng *engine.Engine) error {
	seq, err := eng.AppliedSeq()
	if err != nil || seq == 0 {
		return err
	}
	return fmt.Errorf("%s is a cluster node's data directory (it applied the article log up to entry %d): "+
		"write through a node started with --nats (it logs the write for every node), not into the directory", eng.Dir(), seq)
}
