// Package report turns results into what people and tools read: the
// roll-up per WCAG criterion and EN 301 549 clause, and the writers for
// each format under report/<format>. Reports render results only; they
// never crawl or browse.
package report

import (
	"html/template"
	"io"

	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

var listingTmpl = template.Must(template.New("listing").Funcs(template.FuncMap{
	"cant": func(o rules.Outcome) bool { return o == rules.CantTell },
}).Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Granska results – {{len .Pages}} pages</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem;color:#1a1a1a;background:#fff}
a{color:#0645ad} a:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
table{border-collapse:collapse;width:100%} th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}
code{font-size:.875rem;word-break:break-all} .failed{color:#a50e0e;font-weight:bold} .cantTell{color:#5c4400}
</style>
</head>
<body>
<main>
<h1>Granska results</h1>
<p>{{len .Pages}} pages audited by {{.Tool.Name}} {{.Tool.Version}}. Failed outcomes are barriers found; "cannot tell" outcomes need a person to check. No failures found does not mean a page conforms.</p>
{{range .Pages}}
<section>
<h2><a href="{{.URL}}">{{if .Title}}{{.Title}}{{else}}{{.URL}}{{end}}</a></h2>
<p><code>{{.URL}}</code>{{if .Error}} – <strong class="failed">not audited: {{.Error}}</strong>{{end}}</p>
{{if .Outcomes}}
<table>
<caption>Outcomes on this page</caption>
<thead><tr><th scope="col">Outcome</th><th scope="col">Rule</th><th scope="col">WCAG</th><th scope="col">Message</th><th scope="col">Element</th></tr></thead>
<tbody>
{{range .Outcomes}}<tr><td class="{{.Outcome}}">{{if cant .Outcome}}cannot tell{{else}}{{.Outcome}}{{end}}</td><td>{{.Rule}}</td><td>{{range .WCAG}}{{.}} {{end}}</td><td>{{.Message}}</td><td>{{with .Target}}<code>{{.Selector}}</code>{{end}}</td></tr>
{{end}}</tbody>
</table>
{{else if not .Error}}<p>No failures found and nothing to check by hand on this page.</p>{{end}}
</section>
{{end}}
</main>
</body>
</html>
`))

// WriteListing writes a plain HTML listing of the outcomes per page.
func WriteListing(w io.Writer, r *result.Run) error {
	return listingTmpl.Execute(w, r)
}
