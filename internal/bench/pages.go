// Package bench measures Granska against axe-core in the same Chromium on
// generated pages of three sizes: small (~200 elements), medium (~2,000, a
// job page with an application form) and large (~20,000). Run it with
// `make bench`.
package bench

import (
	"fmt"
	"strings"
)

// JobPage returns a realistic career-site job page: header, navigation,
// job ad, an application form, and `cards` similar-job cards (each ~17
// elements) to scale the page.
func JobPage(cards int) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>UX-designer – Lediga jobb – Norrsken Energi</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
header{background:#0b3d2e;color:#fff;padding:1rem;position:sticky;top:0}
header a{color:#fff} nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
main{max-width:60rem;margin:0 auto;padding:1rem}
.card{border:1px solid #767676;border-radius:4px;padding:.75rem;margin:.5rem 0}
.card .meta{color:#555;font-size:.875rem}
label{display:block;font-weight:600;margin-top:.75rem}
input,select,textarea{font:inherit;padding:.4rem;border:1px solid #767676;width:100%;box-sizing:border-box}
button{font:inherit;padding:.5rem 1rem;background:#0b3d2e;color:#fff;border:0;border-radius:4px}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #e0a100;outline-offset:2px}
.hint{color:#595959;font-size:.875rem}
footer{background:#f2f2f2;padding:1rem;margin-top:2rem}
</style></head><body>
<a href="#main" class="skip">Hoppa till innehållet</a>
<header><nav aria-label="Huvudmeny"><ul>
<li><a href="/">Start</a></li><li><a href="/jobb">Lediga jobb</a></li><li><a href="/om">Om oss</a></li>
<li><a href="/kontakt">Kontakt</a></li><li><a href="/en/">English</a></li></ul></nav></header>
<main id="main"><article><h1>UX-designer, Luleå</h1>
<p class="meta">Heltid · Tillsvidare · Sista ansökningsdag 15 december</p>
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='600' height='200'/%3E" alt="Vårt kontor vid älven i Luleå" width="600" height="200">
<h2>Om rollen</h2><p>Du formar tjänster som tusentals kunder använder varje dag. Du arbetar nära utvecklare och kundtjänst.</p>
<h2>Vi söker dig som</h2><ul><li>har arbetat med användarcentrerad design i minst tre år</li><li>kan leda workshoppar</li><li>skriver tydligt på svenska och engelska</li></ul>
</article>
<section aria-labelledby="apply"><h2 id="apply">Ansök</h2>
<form action="/ansok" method="post">
<label for="fn">Förnamn</label><input id="fn" name="fn" autocomplete="given-name" required>
<label for="ln">Efternamn</label><input id="ln" name="ln" autocomplete="family-name" required>
<label for="em">E-post</label><input id="em" name="em" type="email" autocomplete="email" required>
<label for="ph">Telefon</label><input id="ph" name="ph" type="tel" autocomplete="tel">
<label for="cc">Land</label><select id="cc" name="cc">`)
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, `<option value="c%d">Land %d</option>`, i, i)
	}
	b.WriteString(`</select>
<label for="cv">CV (PDF eller Word, högst 5 MB)</label><input id="cv" name="cv" type="file" accept=".pdf,.doc,.docx">
<label for="letter">Personligt brev</label><textarea id="letter" name="letter" rows="6"></textarea>
<fieldset><legend>Samtycke</legend>
<input type="checkbox" id="gdpr" name="gdpr" required><label for="gdpr" style="display:inline">Jag samtycker till att Norrsken Energi behandlar mina personuppgifter för den här rekryteringen. <a href="/integritetspolicy">Läs integritetspolicyn</a></label><br>
<input type="checkbox" id="pool" name="pool"><label for="pool" style="display:inline">Spara min ansökan i 12 månader för framtida tjänster (frivilligt)</label>
</fieldset>
<p class="hint">Du kan när som helst återkalla ditt samtycke via <a href="/kontakt">kontaktsidan</a>.</p>
<button type="submit">Skicka ansökan</button>
</form></section>
<section aria-labelledby="similar"><h2 id="similar">Liknande jobb</h2>`)
	for i := 0; i < cards; i++ {
		fmt.Fprintf(&b, `<div class="card"><h3><a href="/jobb/%d-tjanst">Tjänst nummer %d</a></h3>
<p class="meta"><span>Ort %d</span> · <span>Heltid</span> · <time datetime="2026-12-%02d">%d december</time></p>
<p>En kort beskrivning av tjänsten med <strong>viktiga</strong> ord och en <a href="/om">länk</a>.</p>
<ul><li>Krav ett</li><li>Krav två</li></ul><button type="button" aria-label="Spara tjänst %d">Spara</button></div>`, i, i, i%20, i%28+1, i%28+1, i)
	}
	b.WriteString(`</section></main>
<footer><p>Norrsken Energi AB · <a href="/integritetspolicy">Integritetspolicy</a> · <a href="/tillganglighetsredogorelse">Tillgänglighetsredogörelse</a></p></footer>
</body></html>`)
	return b.String()
}

// Sizes are the three bench pages by name and card count.
var Sizes = []struct {
	Name  string
	Cards int
}{
	{"small", 2},
	{"medium", 105},
	{"large", 1170},
}
