package main

import (
	"flag"

	"github.com/granska/granska/audit/login"
	"github.com/granska/granska/internal/config"
)

// defaultLogoutPattern matches a logout link's URL or text: logga ut, log out,
// log off, sign out, logout, signout, avsluta session, as a word of the
// URL (so that "blogutveckling" is no logout).
const defaultLogoutPattern = `(?i)(^|[^a-z])((logga|log|sign)([-_+. ]|%20)?(ut|out|off)|avsluta([-_+. ]|%20)?session)($|[^a-z])`

// loginFlags are audit's form-login flags.
type loginFlags struct {
	url, submit, file, logout string
	fills                     stringList
	// steps are the config file's login steps (fromConfig).
	steps []login.Step
}

// fromConfig takes the login steps of a config file's target (the
// shorthand arrives as the --login-* flags, set by applyConfig).
func (l *loginFlags) fromConfig(steps []config.LoginStep) {
	l.steps = nil
	for _, s := range steps {
		l.steps = append(l.steps, login.Step(s))
	}
}

func (l *loginFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&l.url, "login-url", "", "log in with a form first: the login page's `URL` (with --login-fill and --login-submit); the session cookies then go with every request to the start hosts. A session that expires mid-run (a redirect to this URL, or the login form in place of a page) logs in again once per run; a page still shown the login page after that is listed with a login-expired gap, not audited")
	fs.Var(&l.fills, "login-fill", "with --login-url: fill a field, 'FIELD=VALUE' (repeatable); FIELD is the field's label or accessible name, or a CSS selector; ${VAR} is read from the environment")
	fs.StringVar(&l.submit, "login-submit", "", "with --login-url: the `NAME` (text or accessible name) or CSS selector of the button that logs in")
	fs.StringVar(&l.file, "login", "", "log in first with the steps of a YAML `FILE` (steps: goto, fill 'FIELD=VALUE', click, wait-url, wait-selector; ${VAR} is read from the environment)")
	fs.StringVar(&l.logout, "logout-pattern", defaultLogoutPattern, "when logged in, the crawl follows no link whose URL or text matches this regular `expression`")
}

// form returns the login form the flags (or the config file) give, nil
// for none.
func (l *loginFlags) form() (*login.Form, error) {
	if l.steps != nil && l.file == "" && l.url == "" {
		f, err := login.NewForm(l.steps)
		if err != nil {
			return nil, usagef("--config: login: %v", err)
		}
		return f, nil
	}
	if l.file != "" {
		if l.url != "" {
			return nil, usagef("give --login FILE or --login-url, not both")
		}
		f, err := login.LoadForm(l.file)
		if err != nil {
			return nil, usagef("--login: %v", err)
		}
		return f, nil
	}
	f, err := login.FormFromFlags(l.url, l.fills, l.submit)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return f, nil
}
