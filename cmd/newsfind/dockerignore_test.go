package main

import (
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"testing"
)

// No Docker engine runs here, so these read the Dockerfile and the
// .dockerignore for what `docker build` would do with them.

// TestDockerfileDataWritable: the final stage makes /data owned by the
// user it runs as, and does so before VOLUME /data (a named volume starts
// as a copy of the image's /data, owner included; changes after VOLUME
// are discarded). The runtime image has no shell, so /data is copied in
// from a folder the build stage makes.
func TestDockerfileDataWritable(t *testing.T) {
	df, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	stages := regexp.MustCompile(`(?m)^FROM `).Split(string(df), -1)
	build, final := stages[len(stages)-2], stages[len(stages)-1]
	line := func(stage string, re string) (int, []string) {
		for i, l := range strings.Split(stage, "\n") {
			if m := regexp.MustCompile(re).FindStringSubmatch(l); m != nil {
				return i, m
			}
		}
		return -1, nil
	}
	copyAt, cp := line(final, `^COPY --from=build --chown=(\S+) (\S+) /data/?$`)
	userAt, user := line(final, `^USER (\S+)$`)
	volAt, _ := line(final, `^VOLUME \[?"?/data"?\]?$`)
	if copyAt < 0 || userAt < 0 || volAt < 0 {
		t.Fatalf("the final stage needs COPY --from=build --chown=… … /data, USER and VOLUME /data:\n%s", final)
	}
	if copyAt > volAt || userAt > volAt {
		t.Errorf("/data is made and chowned (line %d) and USER set (line %d) after VOLUME /data (line %d): the volume would be root's", copyAt, userAt, volAt)
	}
	// distroless's nonroot is uid and gid 65532.
	uid := map[string]string{"nonroot": "65532", "65532": "65532"}
	owner, group, _ := strings.Cut(cp[1], ":")
	runAs, runGroup, _ := strings.Cut(user[1], ":")
	if uid[owner] == "" || uid[owner] != uid[runAs] || (runGroup != "" && uid[group] != uid[runGroup]) {
		t.Errorf("/data is owned by %s, the server runs as %s", cp[1], user[1])
	}
	if at, _ := line(build, `^RUN mkdir -p `+regexp.QuoteMeta(cp[2])+`$`); at < 0 {
		t.Errorf("the build stage does not make %s, which the final stage copies to /data", cp[2])
	}
}

// TestDockerignore: the build context leaves out the git history, data
// directories, test data and docs, and keeps every file the build needs:
// the packages' Go files and what they embed.
func TestDockerignore(t *testing.T) {
	b, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatalf("no .dockerignore: the build context carries .git and the test data: %v", err)
	}
	var patterns []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			if strings.HasPrefix(l, "!") {
				t.Fatalf("exceptions (%q) are not modelled by this test", l)
			}
			patterns = append(patterns, strings.TrimSuffix(strings.TrimPrefix(l, "/"), "/"))
		}
	}
	ignored := func(p string) bool {
		for _, pat := range patterns {
			// A pattern excludes a path it matches and everything under
			// a directory it matches; "**/" matches any number of folders.
			for dir := p; dir != "." && dir != "/"; dir = path.Dir(dir) {
				if ok, _ := path.Match(pat, dir); ok {
					return true
				}
				if rest, found := strings.CutPrefix(pat, "**/"); found {
					for sub := dir; ; {
						if ok, _ := path.Match(rest, sub); ok {
							return true
						}
						i := strings.Index(sub, "/")
						if i < 0 {
							break
						}
						sub = sub[i+1:]
					}
				}
			}
		}
		return false
	}
	for _, p := range []string{".git/HEAD", "data/store/x", "ingest/testdata/a.html", "search/testdata/rank/x", "docs/screenshot-1440.png", "cmd/newsfind/main_test.go", "newsfind"} {
		if !ignored(p) {
			t.Errorf("%s is sent to the build", p)
		}
	}
	out, err := exec.Command("git", "-C", "../..", "ls-files").Output()
	if err != nil {
		t.Skipf("git ls-files: %v", err)
	}
	embedded := regexp.MustCompile(`^(seeds/[^/]+\.md|web/(templates|static|api)/.+|[a-z]+/data/.+|bench/queries\.tsv)$`)
	for _, p := range strings.Fields(string(out)) {
		need := p == "go.mod" || p == "go.sum" || (strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") && !strings.Contains(p, "/testdata/")) || embedded.MatchString(p)
		if need && ignored(p) {
			t.Errorf("%s is needed by the build and left out of the context", p)
		}
	}
}
