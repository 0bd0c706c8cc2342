package engine

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// TokenFile names the file, in the data directory, that holds the write
// token when none is configured.
const TokenFile = "token"

// Token returns the token that guards the write routes: given (from
// --token or NEWSFIND_TOKEN) when set, else the one in <dir>/token,
// generated on first start (32 random bytes, hex; mode 0600 so only the
// server's user can read it). path is the token file, "" for a given
// token, so that the server can log where to find it.
func Token(dir, given string) (token, path string, err error) {
	if given = strings.TrimSpace(given); given != "" {
		return given, "", nil
	}
	path = filepath.Join(dir, TokenFile)
	if t, err := ReadToken(dir); err == nil {
		return t, path, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", path, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", path, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", path, err
	}
	token = hex.EncodeToString(b)
	// O_EXCL: if two processes race on first start, one wins and the
	// other reads the winner's token.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		t, err := ReadToken(dir)
		return t, path, err
	}
	if err != nil {
		return "", path, err
	}
	if _, err := f.WriteString(token + "\n"); err != nil {
		f.Close()
		return "", path, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return "", path, err
	}
	return token, path, f.Close()
}

// ReadToken reads the token file of a data directory (for the CLI, which
// runs as the server's user on the same machine).
func ReadToken(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, TokenFile))
	if err != nil {
		return "", err
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", fmt.Errorf("%s is empty: delete it to get a new token", filepath.Join(dir, TokenFile))
	}
	return t, nil
}
