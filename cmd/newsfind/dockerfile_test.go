package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDockerfileBuild runs the Dockerfile's build step and its runtime
// configuration outside Docker (no Docker engine runs here): the static
// binary must serve the embedded seeds from an empty /data-like directory,
// from any working directory, and pass its own HEALTHCHECK.
func TestDockerfileBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	df, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	build := regexp.MustCompile(`(?m)^RUN (CGO_ENABLED=0 go build .*) -o /out/newsfind (\./cmd/newsfind)$`).FindSubmatch(df)
	if build == nil {
		t.Fatal("Dockerfile has no `RUN CGO_ENABLED=0 go build … -o /out/newsfind ./cmd/newsfind` step")
	}
	for _, want := range []string{"USER nonroot", "VOLUME /data", "EXPOSE 8080", `HEALTHCHECK`, `CMD ["/newsfind", "health"]`, "ENV NEWSFIND_DATA=/data"} {
		if !strings.Contains(string(df), want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	bin := filepath.Join(t.TempDir(), "newsfind")
	// The shell runs the step as Docker's RUN would, quoting included.
	cmd := exec.Command("sh", "-c", string(build[1])+" -o "+bin+" "+string(build[2]))
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build step failed: %v\n%s", err, out)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	data := t.TempDir()
	srv := exec.CommandContext(ctx, bin, "serve")
	srv.Dir = t.TempDir() // seeds are embedded: any working directory will do
	srv.Env = append(os.Environ(), "NEWSFIND_DATA="+data, "NEWSFIND_ADDR=127.0.0.1:0", "NEWSFIND_LOG=json")
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("server printed no address: %v", err)
	}
	m := regexp.MustCompile(`http://(\S+)`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("no address in %q", line)
	}
	out, err := exec.CommandContext(ctx, bin, "health", "--addr", m[1]).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("health check: %v %s", err, out)
	}
	var stdoutBuf strings.Builder
	search := exec.CommandContext(ctx, bin, "search", "--server", "http://"+m[1], "--data", data, "fentanyl tariff")
	search.Stdout = &stdoutBuf
	if err := search.Run(); err != nil || !strings.Contains(stdoutBuf.String(), "**fentanyl tariff**") {
		t.Fatalf("search through the running server: %v\n%s", err, stdoutBuf.String())
	}
}
