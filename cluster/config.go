// Package cluster runs newsfind nodes fed from one replicated article log,
// a NATS JetStream stream (docs/cluster.md). A node accepts a write by
// validating it once, with its own clock, and appending the normalised
// article to the log; it answers once JetStream has stored the entry on a
// quorum of its servers. Every node, the accepting one included, applies
// the log in order into its own store and index (engine.Apply), recording
// the last applied entry in the same store transaction, so that each
// entry is applied once on every node whatever crashes. Reads stay local.
package cluster

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
)

// Defaults of Config.
const (
	DefaultStream   = "NEWSFIND"
	DefaultSubject  = "newsfind.log"
	DefaultReplicas = 3
	// DefaultMaxLag is how many log entries a node may be behind and
	// still be ready: a second or two of a heavy ingest.
	DefaultMaxLag = 1000
	// DefaultAckWait bounds the wait for JetStream's acknowledgement of a
	// write since the last one came: without a quorum none comes, and the
	// writer gets a 503 well within 2 s.
	DefaultAckWait = 1500 * time.Millisecond
	// DefaultApplyWait bounds how long a write waits, once logged, for
	// its node to apply it, so that its answer says created or updated.
	DefaultApplyWait = 10 * time.Second
	// dedupWindow is how long JetStream remembers a message id: a client
	// retrying a write within it does not log it twice.
	dedupWindow = 2 * time.Minute
)

// Config configures a node.
type Config struct {
	URLs     []string // NATS server URLs
	Node     string   // this node's name, for the NATS connection and /api/cluster
	Stream   string   // the JetStream stream; "" is DefaultStream
	Subject  string   // the subjects' prefix; "" is DefaultSubject
	Replicas int      // the stream's replicas when this node creates it; 0 is DefaultReplicas
	// Creds, TLSCert+TLSKey and TLSCA are files handed to nats.go: a
	// credentials file, a client certificate and the servers' CA.
	Creds, TLSCert, TLSKey, TLSCA string
	MaxLag                        uint64        // 0 is DefaultMaxLag
	AckWait, ApplyWait            time.Duration // 0 are the defaults
	// Now is the accepting clock (Normalize's date window); nil is the
	// wall clock. Applying reads no clock.
	Now func() time.Time
	// Seeds, when set, are logged once for the whole cluster: by the
	// first node to find the stream empty (their message ids make a race
	// of two nodes log them once).
	Seeds  func() ([]newsfind.Article, error)
	Logger zerolog.Logger
}

func (c *Config) defaults() error {
	if len(c.URLs) == 0 {
		return errors.New("cluster: no NATS server URL")
	}
	if c.Node == "" {
		return errors.New("cluster: the node needs a name (--node)")
	}
	if c.Stream == "" {
		c.Stream = DefaultStream
	}
	if c.Subject == "" {
		c.Subject = DefaultSubject
	}
	if strings.ContainsAny(c.Stream, ". *>") {
		return fmt.Errorf("cluster: stream name %q may not contain '.', '*', '>' or spaces", c.Stream)
	}
	if strings.ContainsAny(c.Subject, " *>") || strings.HasPrefix(c.Subject, ".") || strings.HasSuffix(c.Subject, ".") {
		return fmt.Errorf("cluster: subject prefix %q is not a NATS subject", c.Subject)
	}
	if c.Replicas == 0 {
		c.Replicas = DefaultReplicas
	}
	if c.Replicas < 1 || c.Replicas > 5 {
		return fmt.Errorf("cluster: %d replicas: JetStream takes 1 to 5", c.Replicas)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return errors.New("cluster: a TLS client certificate needs its key, and a key its certificate")
	}
	if c.MaxLag == 0 {
		c.MaxLag = DefaultMaxLag
	}
	if c.AckWait <= 0 {
		c.AckWait = DefaultAckWait
	}
	if c.ApplyWait <= 0 {
		c.ApplyWait = DefaultApplyWait
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}

// natsOptions are the connection's options: reconnect forever, and never
// buffer a publish while disconnected, so that a write without a server
// fails at once instead of being logged after its writer was told 503.
func (c *Config) natsOptions() []nats.Option {
	o := []nats.Option{
		nats.Name("newsfind " + c.Node),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.ReconnectBufSize(-1),
		nats.Timeout(time.Second),
		nats.PingInterval(2 * time.Second),
		nats.MaxPingsOutstanding(2),
	}
	if c.Creds != "" {
		o = append(o, nats.UserCredentials(c.Creds))
	}
	if c.TLSCert != "" {
		o = append(o, nats.ClientCert(c.TLSCert, c.TLSKey))
	}
	if c.TLSCA != "" {
		o = append(o, nats.RootCAs(c.TLSCA))
	}
	return o
}

func (c *Config) addSubject() string    { return c.Subject + ".add" }
func (c *Config) deleteSubject() string { return c.Subject + ".delete" }
func (c *Config) searchSubject() string { return c.Subject + ".search" }

// The webhook work queue (hooks.go) is a stream of its own beside the
// log, on a subject outside the log's.
func (c *Config) hooksStream() string  { return c.Stream + "_HOOKS" }
func (c *Config) hooksSubject() string { return c.Subject + "_hooks" }
