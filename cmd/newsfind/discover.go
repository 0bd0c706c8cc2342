package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/newsfind/newsfind/engine"
)

// serverAddrFile names the file, in a data directory, that holds the URL
// of the server serving it while it runs: `serve --addr :9000` and then
// `search oil` must reach the server without being told the port again.
// serve removes it on a clean shutdown; one left by a killed server is
// found not to answer and passed over.
const serverAddrFile = "server.addr"

// defaultServer is the last server a command tries: serve's default address.
const defaultServer = "http://localhost:8080"

// probeTimeout bounds the health probe of one server: a local server
// answers in milliseconds, a refused port at once.
const probeTimeout = 3 * time.Second

// candidate is a server a command may ask, and where its address came
// from, as an error names it.
type candidate struct{ url, from string }

// serverCandidates lists the servers a command tries, in order. A server
// named by --server or $NEWSFIND_SERVER is the only one: whoever names a
// server does not want another one asked when it is down. Else the one
// serve wrote into data, then the default.
func serverCandidates(named, namedFrom, data string) []candidate {
	if named != "" {
		return []candidate{{serverURL(named), namedFrom}}
	}
	var cs []candidate
	if u := readServerAddr(data); u != "" && u != defaultServer {
		cs = append(cs, candidate{u, filepath.Join(data, serverAddrFile)})
	}
	return append(cs, candidate{defaultServer, "the default"})
}

// serverURL reads a server as people write it: a URL, host:port, or :port.
func serverURL(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), "/")
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return s
	}
	if strings.HasPrefix(s, ":") {
		s = "localhost" + s
	}
	return "http://" + s
}

// readServerAddr returns the URL serve wrote into data, "" when there is
// none (or it is not a URL: the file is only a hint).
func readServerAddr(data string) string {
	f, err := os.Open(filepath.Join(data, serverAddrFile))
	if err != nil {
		return ""
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return ""
	}
	u := strings.TrimSpace(string(b))
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") || strings.ContainsAny(u, " \t\n") {
		return ""
	}
	return u
}

// writeServerAddr records the URL a server serves data on; the rename
// makes a reader see the old file or the whole new one.
func writeServerAddr(data, url string) error {
	path := filepath.Join(data, serverAddrFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(url+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// removeServerAddr is run by serve as it stops, while it still holds
// data, so it never removes the file of a server started after it.
func removeServerAddr(data string) error {
	err := os.Remove(filepath.Join(data, serverAddrFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// noServerError says which servers were tried and what each answered.
type noServerError struct{ tried []string }

func (e *noServerError) Error() string {
	return "no newsfind server answered (tried " + strings.Join(e.tried, "; ") + ")"
}

// findServer returns the first candidate whose /healthz answers 200.
func findServer(ctx context.Context, cands []candidate) (string, error) {
	hc := &http.Client{Timeout: probeTimeout}
	var tried []string
	for _, c := range cands {
		why := probe(ctx, hc, c.url)
		if why == "" {
			return c.url, nil
		}
		tried = append(tried, fmt.Sprintf("%s from %s: %s", c.url, c.from, why))
		if ctx.Err() != nil {
			break
		}
	}
	return "", &noServerError{tried}
}

// probe asks a server whether it is up; "" means it is, else why not.
func probe(ctx context.Context, hc *http.Client, base string) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/healthz", nil)
	if err != nil {
		return err.Error()
	}
	resp, err := hc.Do(req)
	if err != nil {
		var ne net.Error
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			return "connection refused"
		case errors.As(err, &ne) && ne.Timeout():
			return fmt.Sprintf("no answer in %s", probeTimeout)
		}
		return err.Error()
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "answered " + resp.Status
	}
	return ""
}

// dirExists reports whether path is a directory. A reading command
// refuses a data directory that is not there: a mistyped --data must not
// become a new, empty (or seeded) corpus that answers 0 hits.
func dirExists(path string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("no data directory %s (check --data; `newsfind serve --data %s` or `newsfind ingest --data %s FILE` makes one)", path, path, path)
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("--data %s is a file, not a data directory", path)
	}
	return nil
}

// place is where a command's data is: a data directory, and a server to
// ask when that directory is held by one.
type place struct {
	data       string
	dataGiven  bool   // by --data or $NEWSFIND_DATA
	server     string // named by --server or $NEWSFIND_SERVER, "" if not
	serverFrom string
}

func placeOf(fs *flagSet, data, server string) place {
	p := place{data: data, dataGiven: fs.given("data")}
	if from := fs.origin("server"); from != "" {
		p.server, p.serverFrom = server, from
	}
	return p
}

// reach opens the data directory here, or finds the server to ask
// instead; exactly one of eng and server is set. A named server alone
// (no --data) is asked without looking at ./data. A missing data
// directory is refused when it was named; the default ./data, when
// missing, sends the command to the default server, and with seeds
// (a search, the README's first step) is made and seeded when no server
// answers, saying so on note.
func (p place) reach(ctx context.Context, withSeeds bool, synonyms string, note io.Writer) (eng *engine.Engine, server string, err error) {
	if p.server != "" && !p.dataGiven {
		server, err = findServer(ctx, serverCandidates(p.server, p.serverFrom, p.data))
		return nil, server, err
	}
	if missing := dirExists(p.data); missing != nil {
		if p.dataGiven {
			return nil, "", missing
		}
		server, err = findServer(ctx, []candidate{{defaultServer, "the default"}})
		if err == nil {
			return nil, server, nil
		}
		if !withSeeds {
			return nil, "", fmt.Errorf("%v, and %w", missing, err)
		}
		fmt.Fprintf(note, "newsfind: %v; searching a new %s with the seed articles\n", err, p.data)
	}
	eng, err = openLocal(ctx, p.data, withSeeds, synonyms)
	if !errors.Is(err, engine.ErrLocked) {
		return eng, "", err
	}
	server, ferr := findServer(ctx, serverCandidates(p.server, p.serverFrom, p.data))
	if ferr != nil {
		return nil, "", fmt.Errorf("%s: %v, and %w", p.data, engine.ErrLocked, ferr)
	}
	return nil, server, nil
}
