package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/crawl"
)

// The crawl flags' defaults are crawl's, and a resumed run takes the
// settings stored in run.json, overridden only by the flags given again.
func TestCrawlFlagsResume(t *testing.T) {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var cc crawl.Config
	registerCrawl(fs, &cc)
	if cc.MaxPages != crawl.DefaultMaxPages || cc.PerTemplate != crawl.DefaultPerTemplate ||
		cc.MaxPerTemplate != crawl.DefaultMaxPerTemplate || cc.MaxQueryVariants != crawl.DefaultMaxQueryVariants {
		t.Errorf("flag defaults are not crawl's: %+v", cc)
	}
	if err := fs.Parse([]string{"--max-depth", "2", "--exclude-url", `/a, /b`}); err != nil {
		t.Fatal(err)
	}
	stored := crawl.Config{MaxPages: 7, MaxDepth: 5, AllowSubdomains: true, Include: []string{"/jobb"}, Exclude: []string{"/old"}}
	got, err := resumeCrawl(fs, stored)
	if err != nil {
		t.Fatal(err)
	}
	want := stored
	want.MaxDepth, want.Exclude = 2, []string{"/a", "/b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("resumed crawl settings:\ngot  %+v\nwant %+v", got, want)
	}
}

// run.json written before the crawl settings were crawl.Config still
// resumes with the same settings.
func TestReadRunInfoLegacy(t *testing.T) {
	dir := t.TempDir()
	old := `{"urls":["http://127.0.0.1/"],"crawl":true,"crawlConfig":{"MaxPages":9,"MaxDepth":0,"PerTemplate":2,"MaxPerTemplate":-1,"MaxQueryVariants":0,"All":false,"IgnoreRobots":true,"Include":["/x"],"Exclude":null,"Subdomains":true,"PathPrefix":"/en"}}`
	if err := os.WriteFile(filepath.Join(dir, "run.json"), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	ri, err := audit.ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := crawl.Config{MaxPages: 9, PerTemplate: 2, MaxPerTemplate: -1, IgnoreRobots: true, Include: []string{"/x"}, AllowSubdomains: true, PathPrefix: "/en"}
	if !reflect.DeepEqual(ri.CrawlConfig, want) || !ri.Crawl || len(ri.URLs) != 1 {
		t.Errorf("legacy run.json read as %+v", ri)
	}
}
