package server

import (
	"net/http"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/internal/netguard"
	"github.com/granska/granska/internal/store"
)

// EngineGuard returns the hook (monitor.Config.Prepare) that puts a run's
// engine behind g: the crawler's requests (pages, robots.txt, sitemaps,
// redirects) dial through g's Control, and Chromium sends everything it
// loads (navigations, redirects, subresources) through g's proxy at
// proxyAddr (g.StartProxy). With g.AllowPrivate it changes nothing.
func EngineGuard(g *netguard.Guard, proxyAddr string) func(store.Site, *audit.Config) {
	return func(_ store.Site, cfg *audit.Config) {
		if g.AllowPrivate {
			return
		}
		cfg.CrawlConfig.Client = &http.Client{Transport: g.Transport()}
		cfg.Browser.Flags = append(cfg.Browser.Flags, netguard.ChromeFlags(proxyAddr)...)
	}
}
