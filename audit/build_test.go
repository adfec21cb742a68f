package audit

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/granska/granska/result"
)

// TestBuildIsGoBuildID: on Linux the build is the Go build ID of the
// running binary, as `go tool buildid` reads it.
func TestBuildIsGoBuildID(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the ELF note is read on Linux; elsewhere the executable is hashed")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	got := Build()
	if !strings.HasPrefix(got, "go:") || len(got) < 20 {
		t.Fatalf("Build() = %q, want the Go build ID", got)
	}
	if Build() != got {
		t.Error("Build is not stable within a process")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to compare with")
	}
	out, err := exec.Command(gobin, "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if want := "go:" + strings.TrimSpace(string(out)); got != want {
		t.Errorf("Build() = %q, go tool buildid says %q", got, want)
	}
}

// TestRulesKeyHasBuild: two builds with the same version and rule
// catalogue (a development build whose rule code changed) have different
// keys, so a re-audit audits every page again.
func TestRulesKeyHasBuild(t *testing.T) {
	defer func(b func() string) { Build = b }(Build)
	cfg, run := &Config{}, &result.Run{Rules: []result.RuleInfo{{ID: "image-alt"}}}
	Build = func() string { return "go:a" }
	a := rulesKey(cfg, run)
	Build = func() string { return "go:b" }
	if b := rulesKey(cfg, run); a == b {
		t.Error("the rules key does not change with the build")
	}
	Build = func() string { return "go:a" }
	if rulesKey(cfg, run) != a {
		t.Error("the rules key is not stable for one build")
	}
}
