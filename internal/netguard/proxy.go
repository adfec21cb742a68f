package netguard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Proxy is a forward HTTP proxy on loopback that dials through a Guard.
// Chromium started with ChromeFlags(p.Addr()) sends every request there
// (HTTPS and WebSockets as CONNECT tunnels), so a page, a redirect or a
// subresource that leads to a blocked address gets a 403 from the proxy
// with the reason instead of a connection.
type Proxy struct {
	guard *Guard
	tr    *http.Transport
	ln    net.Listener
	srv   *http.Server
	wg    sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]bool // open tunnels' ends, closed by Close
}

// StartProxy listens on 127.0.0.1 on a free port and serves until Close.
func (g *Guard) StartProxy() (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("netguard: proxy: %w", err)
	}
	p := &Proxy{guard: g, tr: g.Transport(), ln: ln, conns: map[net.Conn]bool{}}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 30 * time.Second}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		_ = p.srv.Serve(ln)
	}()
	return p, nil
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Close stops the proxy and its open tunnels.
func (p *Proxy) Close() error {
	err := p.srv.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	p.tr.CloseIdleConnections()
	return err
}

// ChromeFlags are the browser flags (browser.Config.Flags) that send all
// of Chromium's traffic through the proxy at addr, loopback included
// (Chromium bypasses proxies for loopback unless told "<-loopback>").
func ChromeFlags(addr string) []string {
	return []string{"proxy-server=http://" + addr, "proxy-bypass-list=<-loopback>"}
}

// hop-by-hop headers, which a proxy does not forward.
var hopHeaders = []string{"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate",
	"Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

// ServeHTTP proxies one request.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		p.tunnel(w, r)
		return
	}
	if !r.URL.IsAbs() || (r.URL.Scheme != "http" && r.URL.Scheme != "https") {
		http.Error(w, "netguard proxy: absolute http URL required", http.StatusBadRequest)
		return
	}
	out := r.Clone(r.Context())
	out.RequestURI = ""
	for _, h := range hopHeaders {
		out.Header.Del(h)
	}
	resp, err := p.tr.RoundTrip(out)
	if err != nil {
		p.refuse(w, err)
		return
	}
	defer resp.Body.Close()
	for _, h := range hopHeaders {
		resp.Header.Del(h)
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// refuse answers 403 with the reason for a blocked address and 502 for
// any other failure to connect.
func (p *Proxy) refuse(w http.ResponseWriter, err error) {
	if errors.Is(err, ErrBlocked) {
		http.Error(w, "netguard: "+blockedReason(err), http.StatusForbidden)
		return
	}
	http.Error(w, "netguard proxy: "+err.Error(), http.StatusBadGateway)
}

// blockedReason is the BlockedError's message inside err.
func blockedReason(err error) string {
	var be *BlockedError
	if errors.As(err, &be) {
		return be.Error()
	}
	return err.Error()
}

func (p *Proxy) tunnel(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if !strings.Contains(host, ":") {
		host += ":443"
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	up, err := p.guard.Dialer().DialContext(ctx, "tcp", host)
	cancel()
	if err != nil {
		p.refuse(w, err)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		up.Close()
		http.Error(w, "netguard proxy: cannot tunnel", http.StatusInternalServerError)
		return
	}
	down, buf, err := hj.Hijack()
	if err != nil {
		up.Close()
		return
	}
	_, _ = down.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
	p.mu.Lock()
	p.conns[up], p.conns[down] = true, true
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer func() {
			p.mu.Lock()
			delete(p.conns, up)
			delete(p.conns, down)
			p.mu.Unlock()
		}()
		var cw sync.WaitGroup
		cw.Add(1)
		go func() {
			defer cw.Done()
			// Bytes the client sent after the CONNECT line first.
			if n := buf.Reader.Buffered(); n > 0 {
				b, _ := buf.Reader.Peek(n)
				_, _ = up.Write(b)
			}
			_, _ = io.Copy(up, down)
			if tc, ok := up.(*net.TCPConn); ok {
				_ = tc.CloseWrite()
			}
		}()
		_, _ = io.Copy(down, up)
		down.Close()
		up.Close()
		cw.Wait()
	}()
}
