package audit

import (
	"context"
	"fmt"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/login"
)

// formLogin runs cfg.Login in a tab of the run's browser and adds the
// session cookies it ends with to cfg.Credentials, which then go to the
// start hosts with the crawl's requests and through BeforeLoad to every
// tab. The cookies' values are never logged.
func formLogin(ctx context.Context, cfg *Config, waitBrowser func() (*browser.Pool, error)) error {
	pool, err := waitBrowser()
	if err != nil {
		return fmt.Errorf("audit: login: %w", err)
	}
	var cookies []login.Cookie
	err = pool.Do(ctx, func(tabCtx context.Context) (err error) {
		cookies, err = cfg.Login.Run(tabCtx)
		return err
	})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if len(cookies) == 0 {
		return fmt.Errorf("audit: %w: the login ended with no cookies", login.ErrForm)
	}
	if cfg.Credentials == nil {
		cfg.Credentials = &login.Credentials{}
	}
	cfg.Credentials.Cookies = append(cfg.Credentials.Cookies, cookies...)
	cfg.Logf("login: logged in (%d cookies)", len(cookies))
	return nil
}
