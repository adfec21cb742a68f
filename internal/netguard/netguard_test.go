package netguard

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/internal/chrometest"
)

func TestClassify(t *testing.T) {
	cases := map[string]Reason{
		"127.0.0.1":          Loopback,
		"127.8.9.10":         Loopback,
		"::1":                Loopback,
		"::ffff:127.0.0.1":   Loopback,
		"10.1.2.3":           Private,
		"172.16.0.1":         Private,
		"172.31.255.255":     Private,
		"192.168.1.1":        Private,
		"fd12:3456::1":       Private,
		"169.254.10.1":       LinkLocal,
		"fe80::1":            LinkLocal,
		"169.254.169.254":    Metadata,
		"fd00:ec2::254":      Metadata,
		"100.100.100.200":    Metadata,
		"64:ff9b::a9fe:a9fe": Metadata,
		"64:ff9b::a00:1":     Private,  // NAT64 of 10.0.0.1
		"2002:7f00:1::":      Loopback, // 6to4 of 127.0.0.1
		"0.0.0.0":            Unspecified,
		"::":                 Unspecified,
		"100.64.0.1":         Shared,
		"224.0.0.1":          Multicast,
		"255.255.255.255":    Multicast,
		"192.0.2.1":          Reserved,
		"240.0.0.1":          Reserved,
		"93.184.216.34":      "",
		"8.8.8.8":            "",
		"172.32.0.1":         "",
		"2a00:1450::1":       "",
	}
	for s, want := range cases {
		if got := Classify(netip.MustParseAddr(s)); got != want {
			t.Errorf("Classify(%s) = %q, want %q", s, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	g := &Guard{}
	for _, u := range []string{
		"http://127.0.0.1/", "http://localhost:8080/x", "https://[::1]/", "http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.5/", "http://0.0.0.0:80/", "http://[::ffff:192.168.0.1]/",
	} {
		err := g.Check(ctx, u)
		var be *BlockedError
		if !errors.Is(err, ErrBlocked) || !errors.As(err, &be) {
			t.Errorf("Check(%s) = %v, want a BlockedError", u, err)
			continue
		}
		if !strings.Contains(err.Error(), "--allow-private") || be.Reason == "" {
			t.Errorf("Check(%s): reason missing in %q", u, err)
		}
	}
	if err := g.Check(ctx, "http://169.254.169.254/"); !strings.Contains(err.Error(), string(Metadata)) {
		t.Errorf("metadata reason: %v", err)
	}
	for _, u := range []string{"ftp://example.org/", "/relative", "http:///nohost", "http://user:pw@example.org/", "http://example.org:99999/", "javascript:alert(1)"} {
		if err := g.Check(ctx, u); !errors.Is(err, ErrURL) {
			t.Errorf("Check(%s) = %v, want ErrURL", u, err)
		}
	}
	// A public literal needs no DNS.
	if err := g.Check(ctx, "http://93.184.216.34/"); err != nil {
		t.Errorf("public address refused: %v", err)
	}
	open := &Guard{AllowPrivate: true}
	for _, u := range []string{"http://127.0.0.1:1/", "http://localhost/", "http://169.254.169.254/"} {
		if err := open.Check(ctx, u); err != nil {
			t.Errorf("AllowPrivate: Check(%s) = %v", u, err)
		}
	}
	if err := open.Check(ctx, "file:///etc/passwd"); !errors.Is(err, ErrURL) {
		t.Errorf("AllowPrivate still checks the scheme: %v", err)
	}
}

// sites starts a "public" site (allowed by port, standing in for a public
// host) that redirects to and links a "private" one on loopback.
func sites(t *testing.T) (pub, priv *httptest.Server, g *Guard) {
	priv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<title>secret</title>internal admin")
	}))
	t.Cleanup(priv.Close)
	pub = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, priv.URL+"/", http.StatusFound)
			return
		}
		fmt.Fprint(w, "<title>public</title>hello")
	}))
	t.Cleanup(pub.Close)
	pu, _ := url.Parse(pub.URL)
	port := pu.Port()
	g = &Guard{Allow: func(ap netip.AddrPort) bool { return fmt.Sprint(ap.Port()) == port }}
	return pub, priv, g
}

func TestClientRedirect(t *testing.T) {
	pub, priv, g := sites(t)
	cl := g.Client()
	resp, err := cl.Get(pub.URL + "/")
	if err != nil {
		t.Fatalf("allowed site: %v", err)
	}
	resp.Body.Close()
	if _, err := cl.Get(priv.URL + "/"); !errors.Is(err, ErrBlocked) {
		t.Errorf("direct private fetch: %v, want ErrBlocked", err)
	}
	if _, err := cl.Get(pub.URL + "/redirect"); !errors.Is(err, ErrBlocked) {
		t.Errorf("redirect to private: %v, want ErrBlocked", err)
	}
}

func TestProxy(t *testing.T) {
	pub, priv, g := sites(t)
	p, err := g.StartProxy()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	pu, _ := url.Parse("http://" + p.Addr())
	cl := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(pu)}, Timeout: 10 * time.Second}
	get := func(u string) (int, string) {
		resp, err := cl.Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(pub.URL + "/"); code != 200 || !strings.Contains(body, "hello") {
		t.Errorf("allowed through proxy: %d %q", code, body)
	}
	if code, body := get(priv.URL + "/"); code != http.StatusForbidden || !strings.Contains(body, string(Loopback)) || strings.Contains(body, "secret") {
		t.Errorf("blocked through proxy: %d %q", code, body)
	}
	// CONNECT to a blocked address is refused before any tunnel opens.
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ph := strings.TrimPrefix(priv.URL, "http://")
	fmt.Fprintf(c, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", ph, ph)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("CONNECT to private: %d", resp.StatusCode)
	}
	// CONNECT to an allowed address tunnels.
	c2, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	pubHost := strings.TrimPrefix(pub.URL, "http://")
	fmt.Fprintf(c2, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\nGET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", pubHost, pubHost, pubHost)
	br := bufio.NewReader(c2)
	resp, err = http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("CONNECT to allowed: %v %v", resp, err)
	}
	resp, err = http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), "hello") {
		t.Errorf("tunnelled response: %q", b)
	}
}

// TestChromiumThroughProxy: a real browser started with ChromeFlags
// reaches the allowed site, and a redirect from it to a private address
// ends at the proxy's refusal, not at the private page.
func TestChromiumThroughProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	chrometest.Require(t)
	pub, _, g := sites(t)
	p, err := g.StartProxy()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	pool, err := browser.New(ctx, browser.Config{Tabs: 1, Flags: ChromeFlags(p.Addr())})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	text := func(u string) string {
		var s string
		err := pool.Do(ctx, func(tab context.Context) error {
			if err := chromedp.Do(tab, chromedp.Navigate(u)); err != nil {
				return err
			}
			var err error
			s, err = chromedp.Run(tab, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		return s
	}
	if s := text(pub.URL + "/"); !strings.Contains(s, "hello") {
		t.Errorf("allowed page: %q", s)
	}
	if s := text(pub.URL + "/redirect"); strings.Contains(s, "internal admin") || !strings.Contains(s, "not allowed") {
		t.Errorf("redirect to private reached %q", s)
	}
}
