package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestLoopbackAddr(t *testing.T) {
	for _, a := range []string{"127.0.0.1:8080", "[::1]:0", "localhost:9000", "127.0.0.2:1"} {
		if err := loopbackAddr(a); err != nil {
			t.Errorf("%s: %v", a, err)
		}
	}
	for _, a := range []string{"0.0.0.0:80", ":8080", "10.0.0.1:80", "example.org:80", "127.0.0.1", "127.0.0.1:http-nope"} {
		if err := loopbackAddr(a); err == nil {
			t.Errorf("%s: accepted", a)
		}
	}
}

// granska demo --serve --addr serves the chosen twin at the chosen address
// until its context ends.
func TestDemoServeAddr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- cmdDemo(ctx, []string{"--serve", "--addr", addr, "--twin", "fixed"}, &out, &errb) }()
	var resp *http.Response
	for range 100 {
		if resp, err = http.Get("http://" + addr + "/sv/"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		cancel()
		t.Fatalf("GET: %v (stderr %q)", err, errb.String())
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /sv/: %s", resp.Status)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("demo --serve: %v", err)
	}
	if !strings.Contains(out.String(), "fixed twin at http://"+addr+"/") {
		t.Errorf("stdout %q does not name the address", out.String())
	}
}
