package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/audit/login"
	"github.com/granska/granska/internal/atomicfile"
)

// RunInfo is what OUT/run.json records at the start of a run: enough for
// --resume to continue it after the process was killed.
type RunInfo struct {
	URLs  []string `json:"urls"`
	Crawl bool     `json:"crawl"`
	// CrawlConfig is the crawl's settings as the run was given them
	// (Config.CrawlConfig; Start, UserAgent and StateDir are the engine's).
	CrawlConfig crawl.Config `json:"crawlConfig"`
	// Credentials names the headers, cookies and basic-auth user sent,
	// every value redacted; --resume needs them given again.
	Credentials *login.Redacted `json:"credentials,omitempty"`
	// Login is the form login's steps, fill values in clear redacted
	// (${VAR} references are kept: no secret): --resume logs in again
	// with them, since a session does not outlive a stopped run.
	Login *login.Form `json:"login,omitempty"`
}

func writeRunInfo(cfg Config) error {
	return atomicfile.Write(filepath.Join(cfg.Out, "run.json"), func(w io.Writer) error {
		return json.NewEncoder(w).Encode(RunInfo{URLs: cfg.URLs, Crawl: cfg.Crawl, CrawlConfig: cfg.CrawlConfig, Credentials: cfg.Credentials.Redacted(), Login: cfg.Login.Redacted()})
	})
}

// ReadRunInfo reads OUT/run.json of an earlier run. A run.json written
// before the crawl settings were crawl.Config (field names matched case
// blind, "Subdomains" for "allowSubdomains") reads the same.
func ReadRunInfo(out string) (RunInfo, error) {
	var ri RunInfo
	b, err := os.ReadFile(filepath.Join(out, "run.json"))
	if err != nil {
		return ri, fmt.Errorf("no earlier run in %s: %w", out, err)
	}
	if err := json.Unmarshal(b, &ri); err != nil {
		return ri, fmt.Errorf("%s/run.json: %w", out, err)
	}
	var old struct {
		CrawlConfig struct{ Subdomains bool } `json:"crawlConfig"`
	}
	if json.Unmarshal(b, &old) == nil && old.CrawlConfig.Subdomains {
		ri.CrawlConfig.AllowSubdomains = true
	}
	return ri, nil
}
