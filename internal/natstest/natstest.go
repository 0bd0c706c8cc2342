// Package natstest runs real nats-server processes for tests: a cluster
// of them on loopback, each with JetStream, its own store folder and free
// ports. The binary is $NEWSFIND_NATS_SERVER, nats-server on the PATH, or
// $(go env GOPATH)/bin/nats-server (where .ci/run installs it); without
// one a test skips, and fails under CI=true.
package natstest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Binary returns the nats-server to run, skipping (failing under CI) t
// when there is none.
func Binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("NEWSFIND_NATS_SERVER"); p != "" {
		return p
	}
	if p, err := exec.LookPath("nats-server"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "bin", "nats-server")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "no nats-server: install it (go install github.com/nats-io/nats-server/v2@v2.15.3, as .ci/run does) or set NEWSFIND_NATS_SERVER"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// Server is one nats-server process of a Cluster.
type Server struct {
	Name string
	URL  string
	base string // the config's own part; SetConf adds to it
	conf string
	bin  string
	cmd  *exec.Cmd
	logf *os.File
}

// Cluster is n nats-servers routed to one another.
type Cluster struct {
	Servers []*Server
}

// Start runs a cluster of n servers (n >= 1) and waits until each takes
// connections; JetStream elects its leader a moment later, which clients
// retry through.
func Start(t testing.TB, n int) *Cluster {
	t.Helper()
	return StartConf(t, n, "")
}

// StartConf is Start with more configuration for every server (users
// and their permissions, say).
func StartConf(t testing.TB, n int, extra string) *Cluster {
	t.Helper()
	bin := Binary(t)
	dir := t.TempDir()
	ports := freePorts(t, 2*n)
	var routes []string
	for i := 0; i < n; i++ {
		routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", ports[n+i]))
	}
	c := &Cluster{}
	for i := 0; i < n; i++ {
		s := &Server{Name: fmt.Sprintf("nats%d", i+1), URL: fmt.Sprintf("nats://127.0.0.1:%d", ports[i]), bin: bin}
		sd := filepath.Join(dir, s.Name)
		if err := os.MkdirAll(sd, 0o755); err != nil {
			t.Fatal(err)
		}
		conf := fmt.Sprintf(`server_name: %s
listen: 127.0.0.1:%d
max_payload: 8MB
jetstream { store_dir: %q }
`, s.Name, ports[i], filepath.Join(sd, "js"))
		if n > 1 {
			conf += fmt.Sprintf("cluster { name: newsfind-test\n listen: 127.0.0.1:%d\n routes: [%s] }\n", ports[n+i], strings.Join(routes, ", "))
		}
		s.base, s.conf = conf, filepath.Join(sd, "nats.conf")
		if err := os.WriteFile(s.conf, []byte(conf+extra), 0o644); err != nil {
			t.Fatal(err)
		}
		lf, err := os.Create(filepath.Join(sd, "log"))
		if err != nil {
			t.Fatal(err)
		}
		s.logf = lf
		c.Servers = append(c.Servers, s)
	}
	t.Cleanup(func() {
		for _, s := range c.Servers {
			s.Kill()
			s.logf.Close()
		}
	})
	for _, s := range c.Servers {
		if err := s.Start(); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range c.Servers {
		if err := s.waitListening(10 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// URLs are the servers' client URLs, comma-separated (--nats).
func (c *Cluster) URLs() string {
	var u []string
	for _, s := range c.Servers {
		u = append(u, s.URL)
	}
	return strings.Join(u, ",")
}

// Start (re)starts the server with its config and store.
func (s *Server) Start() error {
	s.cmd = exec.Command(s.bin, "-c", s.conf)
	s.cmd.Stdout, s.cmd.Stderr = s.logf, s.logf
	return s.cmd.Start()
}

// SetConf replaces the server's extra configuration and has the running
// server reload it (SIGHUP), as an operator would.
func (s *Server) SetConf(extra string) error {
	if err := os.WriteFile(s.conf, []byte(s.base+extra), 0o644); err != nil {
		return err
	}
	if s.cmd == nil || s.cmd.Process == nil {
		return fmt.Errorf("%s is not running", s.Name)
	}
	return s.cmd.Process.Signal(syscall.SIGHUP)
}

// Kill stops the server with SIGKILL, if running.
func (s *Server) Kill() {
	if s.cmd == nil || s.cmd.Process == nil || s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

// Restart starts a killed server again and waits until it listens.
func (s *Server) Restart() error {
	if err := s.Start(); err != nil {
		return err
	}
	return s.waitListening(10 * time.Second)
}

func (s *Server) waitListening(d time.Duration) error {
	addr := strings.TrimPrefix(s.URL, "nats://")
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	b, _ := os.ReadFile(s.logf.Name())
	return fmt.Errorf("%s did not listen on %s in %s; its log:\n%s", s.Name, addr, d, b)
}

// freePorts finds n ports free on loopback, holding them all until each
// is known, so no two are the same.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var ls []net.Listener
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}
