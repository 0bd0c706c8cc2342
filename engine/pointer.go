package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// pointerFile names the index in use inside the data directory. A rebuild
// writes a new index beside the old one and then replaces this file with a
// rename, so a crash at any moment leaves a pointer to a complete index.
const pointerFile = "CURRENT"

func readPointer(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, pointerFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(b))
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", fmt.Errorf("%s: bad index name %q", filepath.Join(dir, pointerFile), name)
	}
	return name, nil
}

// writePointer replaces the pointer atomically and durably: write a
// temporary file, fsync it, rename it over the old one, fsync the folder.
func writePointer(dir, name string) error {
	tmp := filepath.Join(dir, pointerFile+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(name + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, pointerFile)); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
