// Package atomicfile writes a file so that a reader sees either the old
// file or the whole new one, never half of it: the content goes to a
// temporary file in the same folder, which is then renamed into place.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write writes path with fn.
func Write(path string, fn func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	if err := fn(tmp); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
