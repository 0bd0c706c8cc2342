package engine_test

import (
	"io/fs"
	"os"
)

func osStat(path string) (fs.FileMode, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return st.Mode().Perm(), nil
}
