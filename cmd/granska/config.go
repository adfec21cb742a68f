package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/internal/config"
)

// loginGroup are the flags that say how to log in: a command line that
// gives any of them replaces the file's login whole.
var loginGroup = []string{"login", "login-url", "login-fill", "login-submit"}

// applyConfig sets on fs every flag the config file's target sets that the
// command line did not (flags override the file), and returns the target
// (nil for file ""), whose URLs and login steps the caller takes.
func applyConfig(fs *flag.FlagSet, file, target string) (*config.Target, error) {
	if file == "" {
		if target != "" {
			return nil, usagef("--target needs --config FILE")
		}
		return nil, nil
	}
	f, err := config.Load(file)
	if err != nil {
		return nil, usagef("--config: %v", err)
	}
	t, err := f.Target(target)
	if err != nil {
		return nil, usagef("--config: %v", err)
	}
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	if slices.ContainsFunc(loginGroup, func(n string) bool { return given[n] }) {
		for _, n := range loginGroup {
			given[n] = true
		}
		t.Login.Steps = nil
	}
	for _, s := range t.Settings() {
		if given[s.Flag] {
			continue
		}
		fl := fs.Lookup(s.Flag)
		if fl == nil {
			return nil, fmt.Errorf("config: %s sets --%s, which audit lacks", file, s.Flag) // a bug: config and flags disagree
		}
		if cl, ok := fl.Value.(*commaList); ok {
			// A list is set whole: a regular expression may hold commas.
			*cl = append(commaList(nil), s.Values...)
			continue
		}
		if sl, ok := fl.Value.(*stringList); ok {
			*sl = append(stringList(nil), s.Values...)
			continue
		}
		if err := fs.Set(s.Flag, strings.Join(s.Values, ",")); err != nil {
			return nil, usagef("--config %s: %s: %v", file, s.Flag, err)
		}
	}
	return &t, nil
}

// cmdConfig is "granska config check FILE...": it loads each file, checks
// every target's URLs, and lists the targets.
func cmdConfig(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" || len(args) < 2 {
		fmt.Fprintln(stderr, "Usage: granska config check FILE...\n\nChecks granska.yaml files: unknown keys and wrong types are errors naming the line and key.")
		return usagef("config: give check FILE")
	}
	for _, path := range args[1:] {
		f, err := config.Load(path)
		if err != nil {
			return usagef("%v", err)
		}
		for _, t := range f.Targets {
			for _, u := range t.URLs {
				if err := audit.CheckURL(u); err != nil {
					return usagef("%s: target %q: %v", path, t.Name, err)
				}
			}
			name := t.Name
			if name == "" {
				name = "(the one target)"
			}
			login := ""
			if n := len(t.Login.Steps); n > 0 {
				login = fmt.Sprintf(", a login of %d steps", n)
			}
			fmt.Fprintf(stdout, "%s: %s: %d start URLs, %d settings%s\n", path, name, len(t.URLs), len(t.Settings()), login)
		}
	}
	return nil
}
