package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/granska/granska/internal/server"
	"github.com/granska/granska/internal/store"
)

// defaultOrg is the organisation the token and user commands use when
// --org is not given and the database has none.
const defaultOrg = "Default"

// orgByName finds the organisation called name, creating it when create
// is set; name "" means the only organisation (or defaultOrg in an empty
// database).
func orgByName(ctx context.Context, st store.Store, name string) (store.Org, error) {
	orgs, err := st.Orgs(ctx)
	if err != nil {
		return store.Org{}, err
	}
	if name == "" {
		switch len(orgs) {
		case 0:
			name = defaultOrg
		case 1:
			return orgs[0], nil
		default:
			var names []string
			for _, o := range orgs {
				names = append(names, o.Name)
			}
			return store.Org{}, usagef("the database has several organisations (%s): choose one with --org", strings.Join(names, ", "))
		}
	}
	for _, o := range orgs {
		if strings.EqualFold(o.Name, name) {
			return o, nil
		}
	}
	return st.CreateOrg(ctx, name)
}

// cmdToken: granska token create --db DB --role ROLE [--org NAME] [--name LABEL].
func cmdToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprint(stderr, "Usage: granska token create --db DB --role viewer|editor|admin [--org NAME] [--name LABEL]\n")
		return usagef("token: the only subcommand is create")
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "granska.db", "the server's database: a SQLite file or a postgres:// URL")
	role := fs.String("role", "viewer", "the token's role: viewer (read), editor (add sites, start runs) or admin")
	org := fs.String("org", "", "the organisation (default: the only one, created as \""+defaultOrg+"\" in a new database)")
	name := fs.String("name", "api", "a label for the token")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: granska token create --db DB --role viewer|editor|admin [--org NAME] [--name LABEL]\n\nPrints a new API token for Authorization: Bearer TOKEN. Only its hash is stored:\nthe token cannot be shown again.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	r, err := parseRole(*role)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	o, err := orgByName(ctx, st, *org)
	if err != nil {
		return err
	}
	tok, hash := server.NewToken()
	if _, err := st.CreateToken(ctx, store.Token{OrgID: o.ID, Name: *name, Hash: hash, Role: r}); err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	fmt.Fprintf(stderr, "granska: %s token for organisation %q; store it now, it is not shown again\n", r, o.Name)
	return nil
}

// cmdUser: granska user add --db DB --email E --role ROLE [--org NAME];
// the password is read from standard input (one line), or generated and
// printed when --generate is given.
func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(stderr, "Usage: granska user add --db DB --email E --role viewer|editor|admin [--org NAME] [--generate] < password\n")
		return usagef("user: the only subcommand is add")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "granska.db", "the server's database: a SQLite file or a postgres:// URL")
	email := fs.String("email", "", "the user's e-mail address (the login)")
	role := fs.String("role", "viewer", "the user's role in the organisation: viewer, editor or admin")
	org := fs.String("org", "", "the organisation (default: the only one, created as \""+defaultOrg+"\" in a new database)")
	gen := fs.Bool("generate", false, "generate a password and print it, instead of reading one line from standard input")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	r, err := parseRole(*role)
	if err != nil {
		return err
	}
	if !strings.Contains(*email, "@") {
		return usagef("--email: give the user's e-mail address")
	}
	var password string
	if *gen {
		password = randomPassword()
	} else {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return usagef("user add: type the password on standard input (or use --generate)")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	hash, err := server.HashPassword(password)
	if err != nil {
		return usagef("%v", err)
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	o, err := orgByName(ctx, st, *org)
	if err != nil {
		return err
	}
	u, err := ensureUser(ctx, st, *email, "", hash, o.ID, r)
	if err != nil {
		return err
	}
	if *gen {
		fmt.Fprintln(stdout, password)
	}
	fmt.Fprintf(stderr, "granska: %s is %s of %q\n", u.Email, r, o.Name)
	return nil
}

// parseRole reads a --role value.
func parseRole(s string) (store.Role, error) {
	r := store.Role(s)
	if !r.Valid() {
		return "", usagef("--role must be viewer, editor or admin, not %q", s)
	}
	return r, nil
}

// ensureUser creates the user of email, or sets a known user's password
// hash, and gives the user role in org.
func ensureUser(ctx context.Context, st store.Store, email, name, hash string, org int64, role store.Role) (store.User, error) {
	u, err := st.UserByEmail(ctx, email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		u, err = st.CreateUser(ctx, store.User{Email: email, Name: name, PasswordHash: hash})
	case err == nil:
		err = st.SetPassword(ctx, u.ID, hash)
	}
	if err != nil {
		return u, err
	}
	return u, st.SetRole(ctx, org, u.ID, role)
}

// randomPassword is 18 random bytes, base64url: 24 characters.
func randomPassword() string {
	tok, _ := server.NewToken()
	return strings.TrimPrefix(tok, server.TokenPrefix)[:24]
}
