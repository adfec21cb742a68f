package audit

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

// Build identifies the code of the running binary, for the rules key
// (rulesKey): a re-audit must not reuse outcomes that a different build
// measured, and Version alone does not tell builds apart (a build from a
// source tree, `go run` and tests all report a development version
// however the rules' code changed). It is the Go build ID from the
// executable's ELF note, which changes when any source that went into the
// build changes and is the same for two builds of the same sources; where
// there is none (not ELF), a hash of the executable; else the VCS revision
// of a clean tree; else "". It is computed once.
var Build = sync.OnceValue(build)

func build() string {
	if exe, err := os.Executable(); err == nil {
		if id := elfBuildID(exe); id != "" {
			return "go:" + id
		}
		if f, err := os.Open(exe); err == nil {
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err == nil {
				return "sha256:" + hex.EncodeToString(h.Sum(nil))[:32]
			}
		}
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		rev, modified := "", false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if rev != "" && !modified {
			return "vcs:" + rev
		}
	}
	return ""
}

// elfBuildID reads the Go build ID note (.note.go.buildid: name "Go", type
// 4) of an ELF executable, or "".
func elfBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	d, err := s.Data()
	if err != nil || len(d) < 16 {
		return ""
	}
	bo := f.ByteOrder
	namesz, descsz, typ := bo.Uint32(d[0:4]), bo.Uint32(d[4:8]), bo.Uint32(d[8:12])
	name := 12 + (namesz+3)&^3
	if typ != 4 || namesz != 4 || string(d[12:14]) != "Go" || uint64(name)+uint64(descsz) > uint64(len(d)) {
		return ""
	}
	return string(d[name : name+descsz])
}
