package audit

import (
	"context"
	"fmt"

	"github.com/chromedp/cdproto/cdp"
	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/login"
	"github.com/granska/granska/audit/page"
)

// formLogin runs cfg.Login in a tab of the run's browser and returns the
// session: its cookies go beside cfg.Credentials' to the start hosts,
// with the crawl's requests and through BeforeLoad to every tab, and it
// logs in again once when a page finds it expired (login.Session). The
// cookies' values are never logged.
func formLogin(ctx context.Context, cfg *Config, waitBrowser func() (*browser.Pool, error)) (*login.Session, error) {
	pool, err := waitBrowser()
	if err != nil {
		return nil, fmt.Errorf("audit: login: %w", err)
	}
	if cfg.Credentials == nil {
		cfg.Credentials = &login.Credentials{}
	}
	s := &login.Session{Form: cfg.Login, Creds: cfg.Credentials, Logf: cfg.Logf,
		Login: func(ctx context.Context) (cookies []login.Cookie, err error) {
			err = pool.Do(ctx, func(tabCtx context.Context) (err error) {
				cookies, err = cfg.Login.Run(tabCtx)
				return err
			})
			return cookies, err
		}}
	cookies, err := s.Login(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	if len(cookies) == 0 {
		return nil, fmt.Errorf("audit: %w: the login ended with no cookies", login.ErrForm)
	}
	cfg.Credentials.SetSession(cookies)
	cfg.Logf("login: logged in (%d cookies)", len(cookies))
	return s, nil
}

// expiredCheck is capture's AfterLoad with a form login: a page that shows
// the login page in place of the one asked for ends its capture with
// login.ErrExpired, so the login page is never audited under the private
// page's URL. A check that cannot run lets the capture go on.
func expiredCheck(s *login.Session) func(ctx context.Context, t cdp.Session, p *page.Page) error {
	return func(ctx context.Context, t cdp.Session, p *page.Page) error {
		expired, err := s.Expired(ctx, t, p.URL, p.FinalURL)
		if err != nil || !expired {
			return nil
		}
		return fmt.Errorf("%w: the login page was shown in place of the page", login.ErrExpired)
	}
}
