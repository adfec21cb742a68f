// Package crawl decides what to visit: it walks a site over plain HTTP with
// colly, keeps to the scope the user gave, honours robots.txt, reads sitemaps,
// normalises URLs, groups pages into templates and chooses the deterministic
// sample of pages that the audit engine renders in Chrome. It never renders a
// page and holds no page bodies.
//
// # Contract
//
// A [Crawler] is created with [New] (fresh) or [Load] (resume from a state
// directory). [Crawler.Discover] fetches the site breadth-first from the
// start URLs and the sitemaps until the frontier is empty, a limit is reached
// or the context ends. [Crawler.AddLinks] feeds back links that the engine
// found in the rendered DOM (single-page apps); they are discovered by the
// next Discover call. [Crawler.Sample] returns the pages to audit and
// [Crawler.Summary] says what was found, excluded, capped and failed.
//
// Determinism. Discovery is level-synchronous: all URLs at depth d are
// admitted to the frontier in one step, in natural URL order (see
// [Compare]), before any of them is fetched, and the links they yield only
// become candidates for the next level. Limits (MaxPages, MaxPerTemplate,
// MaxQueryVariants, MaxDepth) are applied at admission, so which URLs are
// fetched, at what depth, and what [Crawler.Sample] returns do not depend on
// Parallelism, on network timing or on the order of links in a page, and a
// run resumed with [Load] after a crash yields the same sample as an
// uninterrupted run. Two things break this and are outside the package's
// reach: a site whose links change between requests (random tokens in URLs
// that normalisation does not remove), and pages whose fetch outcome is
// itself timing-dependent (a page answering just around the timeout).
//
// URLs. Every URL is normalised with [Normalize] before anything else; only
// http and https URLs are ever followed. The trailing-slash policy is
// "strip": /jobs/ and /jobs are the same URL, fetched as /jobs (a server that
// only serves /jobs/ normally redirects, and the redirect is followed).
//
// Scope. By default a URL is in scope when its host equals a start URL's
// host (a leading "www." is ignored, the port must match). AllowSubdomains
// widens that to subdomains, PathPrefix narrows it to a path subtree, and
// Include/Exclude are regular expressions on the normalised URL. A start URL
// that redirects to another host brings that host into scope. robots.txt is
// read with github.com/temoto/robotstxt, the parser colly uses; the check
// is made before a URL is admitted, so a disallowed URL never costs a slot
// and is counted under excluded.robots. IgnoreRobots skips the check (the
// summary says so) but the Sitemap: lines are still read.
//
// Redirects are not followed inside a request: a 3xx is recorded as a
// redirect and its Location is admitted like a link at the same depth. A
// redirect chain is therefore fetched once per URL, loops end by themselves
// (each URL is fetched once) and are reported as "redirect-loop" errors, and
// chains longer than ten hops stop with "too-many-redirects".
//
// Documents (PDF, Word, Excel, PowerPoint, OpenDocument, RTF, EPUB) are
// recognised by extension without being fetched, or by Content-Type when a
// URL without such an extension answers with one (the body is not
// downloaded). They are listed in [Summary.Documents] for the EN 301 549
// clause 10 checks and never sampled. Documents linked from in-scope pages
// are listed even when hosted elsewhere (InScope false). Images, media,
// archives, scripts, styles and fonts are skipped by extension.
//
// Templates. [TemplateKey] gives a URL's shape (id-like path segments become
// {id}, query values become {n} or {v}). When the sample and summary are
// built, shapes are further grouped: a path position becomes {slug} when at
// least five distinct slug-like literal values occur at it under the same
// parent path, unless that parent is the site root or a locale prefix such
// as /en or /sv-se (so /about and /contact, or /en/about and /en/contact,
// stay separate templates, while /jobs/tester, /jobs/ux-designer, ... become
// /jobs/{slug}).
//
// Sampling ([Crawler.Sample]) picks, among HTML pages fetched with a 2xx
// status: every start page; up to six pages each recognised as the privacy
// policy, the accessibility statement and the contact page (Swedish and
// English cues in the URL path, the <title> and the text of links to the
// page; one page per template family for each); up to PerTemplate pages of
// each template family (by depth, then URL), where a family is a template
// with its query-string variants (/jobb, /jobb?ort={v}, /jobb?page={n}:
// filters, sorting, pagination and prefilled forms are states of one page
// type, which WCAG-EM samples as such, not K pages per query key); and
// one page for each distinct form (a form is identified by its method, the
// shape of its action and its fields, so a site-wide search box costs one
// page, not every page). With All every fetched page is returned.
//
// Persistence. With a StateDir, the directory holds three files:
//
//   - crawl.json: the Config (Client excepted), written once by New;
//   - frontier.jsonl: a snapshot of the whole crawl state, one JSON object
//     per line (a head line with a generation number, then every URL with
//     its stage, depth and outcome, the hashes of excluded URLs, template
//     overflow counts, documents, robots.txt files and sitemaps, then an
//     end line), written to a temporary file, synced and renamed into
//     place by New, when the preflight (start redirects, robots.txt,
//     sitemaps) is done, between levels at most every 30 seconds, when
//     the journal passes 32 MB, when Discover returns, by Save and by Load;
//   - journal.jsonl: the events since that snapshot, one line each,
//     appended in a single write as they happen: a level's admission
//     decisions, each fetch outcome with the links it found, each
//     AddLinks call. Its head line carries the snapshot's generation; a
//     journal of an older generation is ignored.
//
// Load reads the snapshot and replays the journal (events are idempotent
// merges; a torn last line, from a crash mid-write, is ignored), so a
// crawl killed at any moment resumes without fetching again what it had
// fetched and with the admission decisions it had taken.
package crawl
