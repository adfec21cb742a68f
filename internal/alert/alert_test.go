package alert

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/granska/granska/internal/store"
)

func findings() []store.Finding {
	return []store.Finding{
		{Fingerprint: "f1", Rule: "image-alt", Outcome: "failed", Impact: "critical", WCAG: []string{"1.1.1"}, State: store.StateNew, Pages: []string{"/a", "/b"}, Message: "Image has no text\nalternative"},
		{Fingerprint: "f2", Rule: "text-contrast", Outcome: "failed", Impact: "serious", WCAG: []string{"1.4.3"}, State: store.StateRecurring},
		{Fingerprint: "f3", Rule: "target-size-enhanced", Outcome: "failed", Impact: "minor", WCAG: []string{"2.5.5"}, State: store.StateNew}, // AAA only
		{Fingerprint: "f4", Rule: "focus-visible", Outcome: "cantTell", Impact: "serious", WCAG: []string{"2.4.7"}, State: store.StateNew},    // not a failure
		{Fingerprint: "f5", Rule: "label", Outcome: "failed", Impact: "serious", WCAG: []string{"4.1.2"}, State: store.StateReopened},
		{Fingerprint: "f6", Rule: "link-name", Outcome: "failed", Impact: "serious", WCAG: []string{"2.4.4"}, State: store.StateFixed},
	}
}

func TestDecide(t *testing.T) {
	site := store.Site{ID: 3, Name: "Norrsken", Alerts: []store.AlertTarget{
		{Kind: store.AlertWebhook, Address: "http://hook"},
		{Kind: store.AlertEmail, Address: "a@b.se", Threshold: 10},
	}}
	done := store.Run{ID: 7, Status: store.StatusDone, Counts: store.Counts{Failed: 12}}
	got := Decide(site, done, findings(), "")
	var kinds []string
	for _, a := range got {
		kinds = append(kinds, a.Target.Kind+":"+a.Kind)
	}
	want := "webhook:new-issues email:new-issues email:threshold"
	if strings.Join(kinds, " ") != want {
		t.Fatalf("kinds = %v, want %s", kinds, want)
	}
	var fps []string
	for _, f := range got[0].Issues {
		fps = append(fps, f.Fingerprint)
	}
	if strings.Join(fps, ",") != "f1,f5" {
		t.Errorf("new A/AA issues = %v, want f1 (critical), f5 (reopened)", fps)
	}
	done.Counts.Failed = 9
	if got := Decide(site, done, findings()[1:2], ""); len(got) != 0 {
		t.Errorf("nothing new and under the threshold: %v", got)
	}
	failed := store.Run{ID: 8, Status: store.StatusFailed, Reason: "start pages failed:\r\nBcc: x@y"}
	got = Decide(site, failed, nil, "")
	if len(got) != 2 || got[0].Kind != KindFailed {
		t.Fatalf("failed run: %v", got)
	}
	if txt := got[0].Text("en"); !strings.Contains(txt, "Reason: start pages failed: Bcc: x@y") {
		t.Errorf("reason not folded onto one line: %q", txt)
	}
	if got := Decide(site, store.Run{Status: store.StatusRunning}, findings(), ""); len(got) != 0 {
		t.Errorf("running run alerted: %v", got)
	}
}

func TestWebhook(t *testing.T) {
	var mu sync.Mutex
	var got []Payload
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "want json", 415)
			return
		}
		var p Payload
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		mu.Lock()
		got = append(got, p)
		mu.Unlock()
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	site := store.Site{ID: 3, Name: "Norrsken", Lang: "sv", URLs: []string{"https://n.example/"},
		Alerts: []store.AlertTarget{{Kind: store.AlertWebhook, Address: srv.URL + "/hook", Threshold: 5}}}
	run := store.Run{ID: 7, Status: store.StatusDone, Counts: store.Counts{Pages: 4, Failed: 6, CantTell: 2}}
	n := &Notifier{HTTP: srv.Client(), BaseURL: "https://granska.example/"}
	alerts, err := n.RunFinished(context.Background(), site, run, findings())
	if err != nil || len(alerts) != 2 {
		t.Fatalf("RunFinished: %v, %v", alerts, err)
	}
	if len(got) != 2 {
		t.Fatalf("receiver got %d payloads", len(got))
	}
	p := got[0]
	if p.Kind != KindNewIssues || p.Run.ID != 7 || p.Run.Failed != 6 || len(p.Issues) != 2 || p.Issues[0].Fingerprint != "f1" || p.Issues[0].State != "new" {
		t.Errorf("payload: %+v", p)
	}
	if !strings.Contains(p.Text, "2 nya problem") || !strings.Contains(p.Text, "https://granska.example/sites/3/runs/7") {
		t.Errorf("text (Swedish, with link): %q", p.Text)
	}
	if got[1].Kind != KindThreshold || !strings.Contains(got[1].Text, "gränsen är 5") {
		t.Errorf("threshold payload: %+v", got[1])
	}
	// A receiver that refuses is an error, wrapped.
	site.Alerts[0].Address = srv.URL + "/missing"
	srv.Config.Handler = http.NotFoundHandler()
	if _, err := n.RunFinished(context.Background(), site, run, findings()); !errors.Is(err, ErrDelivery) {
		t.Errorf("404 receiver: %v", err)
	}
}

// smtpServer is a minimal real SMTP listener on loopback that records the
// messages it accepts.
type smtpServer struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []smtpMsg
	wg   sync.WaitGroup
}

type smtpMsg struct {
	from, to string
	data     string
}

func startSMTP(t *testing.T) *smtpServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() { defer s.wg.Done(); s.serve(c) }()
		}
	}()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	say := func(l string) { io.WriteString(c, l+"\r\n") }
	say("220 test ESMTP")
	var m smtpMsg
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-test\r\n250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			m.from = addr(line[10:])
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			m.to = addr(line[8:])
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			m.data = b.String()
			s.mu.Lock()
			s.msgs = append(s.msgs, m)
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}

// addr is the <address> of a MAIL or RCPT argument.
func addr(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '>'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimPrefix(s, "<")
}

func TestEmail(t *testing.T) {
	srv := startSMTP(t)
	site := store.Site{ID: 3, Name: "Norrsken Energi", Alerts: []store.AlertTarget{{Kind: store.AlertEmail, Address: "Webb <webb@norrsken.example>"}}}
	run := store.Run{ID: 9, Status: store.StatusFailed, Reason: "dial tcp: connection refused"}
	n := &Notifier{SMTP: SMTP{Addr: srv.ln.Addr().String(), From: "granska@monitor.example"}}
	if _, err := n.RunFinished(context.Background(), site, run, nil); err != nil {
		t.Fatal(err)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.msgs) != 1 {
		t.Fatalf("got %d messages", len(srv.msgs))
	}
	m := srv.msgs[0]
	if m.from != "granska@monitor.example" || m.to != "webb@norrsken.example" {
		t.Errorf("envelope %q -> %q", m.from, m.to)
	}
	msg, err := mail.ReadMessage(strings.NewReader(m.data))
	if err != nil {
		t.Fatal(err)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subj != "Granska: run 9 of Norrsken Energi failed" {
		t.Errorf("subject %q (%v)", subj, err)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if !strings.Contains(string(body), "Reason: dial tcp: connection refused") {
		t.Errorf("body %q", body)
	}
	// No SMTP configured: a clear error, and other targets still go.
	n.SMTP.Addr = ""
	if _, err := n.RunFinished(context.Background(), site, run, nil); !errors.Is(err, ErrDelivery) || !strings.Contains(err.Error(), "no SMTP server") {
		t.Errorf("without SMTP: %v", err)
	}
}
