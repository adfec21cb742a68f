package alert

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/mail"
	"net/smtp"
	"strings"
	"time"

	"github.com/granska/granska/internal/store"
)

// ErrDelivery is wrapped by every error delivering an alert.
var ErrDelivery = errors.New("alert: delivery failed")

// SMTP says how e-mail alerts are sent. Addr "" switches e-mail off
// (e-mail targets then fail with a clear error).
type SMTP struct {
	Addr     string // host:port of the mail server
	From     string // the sender address
	Username string // with Password: PLAIN auth, only over TLS or to loopback
	Password string
	// TLS, when set, is used for STARTTLS where the server offers it;
	// nil uses a config for the server's host name.
	TLS *tls.Config
	// RequireTLS refuses to send when the server offers no STARTTLS.
	RequireTLS bool
}

// Notifier delivers alerts. The zero value sends webhooks with a default
// client and has no e-mail.
type Notifier struct {
	// HTTP posts webhooks. Webhook URLs are user input: give it the
	// netguard client so a webhook cannot reach private addresses.
	HTTP *http.Client
	SMTP SMTP
	// BaseURL is the dashboard's public URL ("https://granska.example"),
	// used to link the run; "" leaves links out.
	BaseURL string
	// Now is the clock for the Date header; nil means time.Now.
	Now func() time.Time
}

// RunFinished decides the alerts of a finished run (Decide) and delivers
// each; it returns the alerts decided and the delivery errors joined (one
// target failing does not stop the others). The monitor calls it after
// FinishRun or FailRun with the findings FinishRun returned.
func (n *Notifier) RunFinished(ctx context.Context, site store.Site, run store.Run, findings []store.Finding) ([]Alert, error) {
	u := ""
	if n.BaseURL != "" {
		u = fmt.Sprintf("%s/sites/%d/runs/%d", strings.TrimRight(n.BaseURL, "/"), site.ID, run.ID)
	}
	alerts := Decide(site, run, findings, u)
	var errs []error
	for _, a := range alerts {
		if err := n.Send(ctx, a); err != nil {
			errs = append(errs, err)
		}
	}
	return alerts, errors.Join(errs...)
}

// Send delivers one alert to its target.
func (n *Notifier) Send(ctx context.Context, a Alert) error {
	switch a.Target.Kind {
	case store.AlertWebhook:
		return n.webhook(ctx, a)
	case store.AlertEmail:
		return n.email(ctx, a)
	}
	return fmt.Errorf("%w: unknown alert kind %q", ErrDelivery, a.Target.Kind)
}

// Payload is the webhook's JSON body. Text is what Slack and Teams
// incoming webhooks show; the other fields are for programs.
type Payload struct {
	Text   string         `json:"text"`
	Kind   string         `json:"kind"`
	Site   PayloadSite    `json:"site"`
	Run    PayloadRun     `json:"run"`
	Issues []PayloadIssue `json:"issues,omitempty"`
	URL    string         `json:"url,omitempty"`
}

// PayloadSite names the site.
type PayloadSite struct {
	ID   int64    `json:"id"`
	Name string   `json:"name"`
	URLs []string `json:"urls"`
}

// PayloadRun is the run's status and counts.
type PayloadRun struct {
	ID       int64  `json:"id"`
	Status   string `json:"status"`
	Reason   string `json:"reason,omitempty"`
	Pages    int    `json:"pages"`
	Failed   int    `json:"failed"`
	CantTell int    `json:"cantTell"`
}

// PayloadIssue is one new issue.
type PayloadIssue struct {
	Fingerprint string   `json:"fingerprint"`
	Rule        string   `json:"rule"`
	Impact      string   `json:"impact"`
	WCAG        []string `json:"wcag"`
	State       string   `json:"state"`
	Pages       int      `json:"pages"`
}

// NewPayload is the webhook body of a, with text in lang.
func NewPayload(a Alert, lang string) Payload {
	p := Payload{
		Text: a.Text(lang), Kind: a.Kind, URL: a.URL,
		Site: PayloadSite{ID: a.Site.ID, Name: a.Site.Name, URLs: a.Site.URLs},
		Run: PayloadRun{ID: a.Run.ID, Status: string(a.Run.Status), Reason: a.Run.Reason,
			Pages: a.Run.Counts.Pages, Failed: a.Run.Counts.Failed, CantTell: a.Run.Counts.CantTell},
	}
	for _, f := range a.Issues {
		p.Issues = append(p.Issues, PayloadIssue{Fingerprint: f.Fingerprint, Rule: f.Rule, Impact: f.Impact,
			WCAG: f.WCAG, State: string(f.State), Pages: len(f.Pages)})
	}
	return p
}

func lang(s store.Site) string {
	if strings.HasPrefix(strings.ToLower(s.Lang), "sv") {
		return "sv"
	}
	return "en"
}

func (n *Notifier) webhook(ctx context.Context, a Alert) error {
	body, err := json.Marshal(NewPayload(a, lang(a.Site)))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDelivery, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.Target.Address, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: webhook %s: %v", ErrDelivery, a.Target.Address, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "granska-alert")
	cl := n.HTTP
	if cl == nil {
		cl = http.DefaultClient
	}
	resp, err := cl.Do(req)
	if err != nil {
		return fmt.Errorf("%w: webhook: %v", ErrDelivery, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%w: webhook answered %s", ErrDelivery, resp.Status)
	}
	return nil
}

func (n *Notifier) email(ctx context.Context, a Alert) error {
	cfg := n.SMTP
	if cfg.Addr == "" {
		return fmt.Errorf("%w: e-mail to %s: no SMTP server configured (--smtp)", ErrDelivery, a.Target.Address)
	}
	to, err := mail.ParseAddress(a.Target.Address)
	if err != nil {
		return fmt.Errorf("%w: e-mail address %q: %v", ErrDelivery, a.Target.Address, err)
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return fmt.Errorf("%w: sender address %q: %v", ErrDelivery, cfg.From, err)
	}
	now := time.Now
	if n.Now != nil {
		now = n.Now
	}
	msg, err := message(a, lang(a.Site), from, to, now())
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDelivery, err)
	}
	if err := sendMail(ctx, cfg, from.Address, to.Address, msg); err != nil {
		return fmt.Errorf("%w: e-mail to %s: %v", ErrDelivery, to.Address, err)
	}
	return nil
}

// message is the RFC 5322 message: UTF-8 text, quoted-printable, the
// subject encoded (RFC 2047).
func message(a Alert, lang string, from, to *mail.Address, date time.Time) ([]byte, error) {
	var id [12]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	host := "granska.invalid"
	if i := strings.LastIndex(from.Address, "@"); i >= 0 {
		host = from.Address[i+1:]
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\n", from.String())
	fmt.Fprintf(&b, "To: %s\r\n", to.String())
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", a.Subject(lang)))
	fmt.Fprintf(&b, "Date: %s\r\n", date.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id[:]), host)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\nAuto-Submitted: auto-generated\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(strings.ReplaceAll(a.Text(lang), "\n", "\r\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sendMail delivers msg over SMTP with ctx's deadline (60 s at most),
// using STARTTLS where offered.
func sendMail(ctx context.Context, cfg SMTP, from, to string, msg []byte) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return err
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		tc := cfg.TLS
		if tc == nil {
			tc = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
		}
		if err := c.StartTLS(tc); err != nil {
			return err
		}
	} else if cfg.RequireTLS {
		return errors.New("the server offers no STARTTLS and TLS is required")
	}
	if cfg.Username != "" {
		// smtp.PlainAuth itself refuses to send the password unencrypted
		// to anything but loopback.
		if err := c.Auth(smtp.PlainAuth("", cfg.Username, cfg.Password, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
