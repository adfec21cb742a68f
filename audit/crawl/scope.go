package crawl

import (
	"mime"
	"net/url"
	"path"
	"strings"
)

// exclReason says why a URL was not admitted. Values are persisted.
type exclReason uint8

const (
	exOutOfScope exclReason = iota + 1
	exPattern
	exRobots
	exDepth
	exMaxPages
	exTemplateCap
	exQueryVariants
	exNonHTTP
	exAsset
	exInvalid
)

// documentExt maps file extensions of non-web documents (EN 301 549
// clause 10) to the document type reported.
var documentExt = map[string]string{
	"pdf": "pdf",
	"doc": "doc", "docx": "docx", "docm": "docm", "dot": "dot", "dotx": "dotx",
	"xls": "xls", "xlsx": "xlsx", "xlsm": "xlsm",
	"ppt": "ppt", "pptx": "pptx", "pps": "pps", "ppsx": "ppsx",
	"odt": "odt", "ods": "ods", "odp": "odp", "odg": "odg",
	"rtf": "rtf", "epub": "epub",
	"pages": "pages", "key": "key", "numbers": "numbers",
}

// documentTypes maps document media types to the type reported.
var documentTypes = map[string]string{
	"application/pdf":    "pdf",
	"application/x-pdf":  "pdf",
	"application/msword": "doc",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   "docx",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.template":   "dotx",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         "xlsx",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
	"application/vnd.openxmlformats-officedocument.presentationml.slideshow":    "ppsx",
	"application/vnd.ms-excel":                         "xls",
	"application/vnd.ms-powerpoint":                    "ppt",
	"application/vnd.ms-word.document.macroenabled.12": "docm",
	"application/vnd.ms-excel.sheet.macroenabled.12":   "xlsm",
	"application/vnd.oasis.opendocument.text":          "odt",
	"application/vnd.oasis.opendocument.spreadsheet":   "ods",
	"application/vnd.oasis.opendocument.presentation":  "odp",
	"application/vnd.oasis.opendocument.graphics":      "odg",
	"application/rtf":                                  "rtf",
	"text/rtf":                                         "rtf",
	"application/epub+zip":                             "epub",
}

// assetExt lists extensions that are never pages or documents: they are
// skipped without a request.
var assetExt = map[string]bool{
	"jpg": true, "jpeg": true, "png": true, "gif": true, "webp": true, "svg": true,
	"ico": true, "bmp": true, "tif": true, "tiff": true, "avif": true, "heic": true,
	"mp3": true, "mp4": true, "m4a": true, "m4v": true, "mov": true, "avi": true,
	"wmv": true, "webm": true, "ogg": true, "ogv": true, "oga": true, "wav": true,
	"flac": true, "zip": true, "gz": true, "tgz": true, "tar": true, "rar": true,
	"7z": true, "bz2": true, "xz": true, "dmg": true, "exe": true, "msi": true,
	"apk": true, "css": true, "js": true, "mjs": true, "json": true, "xml": true,
	"rss": true, "atom": true, "woff": true, "woff2": true, "ttf": true, "otf": true,
	"eot": true, "map": true, "txt": true, "csv": true, "ics": true, "vcf": true,
}

// extOf returns the lower-cased extension of the last path segment.
func extOf(p string) string {
	e := path.Ext(p)
	if len(e) < 2 || len(e) > 9 {
		return ""
	}
	return strings.ToLower(e[1:])
}

// documentType returns the document type for a media type, or "".
func documentType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	return documentTypes[mt]
}

func isHTMLType(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// hostKey identifies a host for scope: the lower-case host name without a
// leading "www.", and the port if any.
func hostKey(u *url.URL) string {
	h := strings.TrimPrefix(u.Hostname(), "www.")
	if p := u.Port(); p != "" {
		return h + ":" + p
	}
	return h
}

// scope is the immutable set of rules deciding what is in scope.
type scope struct {
	hosts     map[string]bool // hostKeys
	subdomain bool
	s         *settings
}

// hostAllowed reports whether u's host is one of the scope's hosts (or a
// subdomain of one when subdomains are allowed).
func (sc *scope) hostAllowed(u *url.URL) bool {
	k := hostKey(u)
	if sc.hosts[k] {
		return true
	}
	if !sc.subdomain {
		return false
	}
	name, port := u.Hostname(), u.Port()
	for h := range sc.hosts {
		hn, hp, _ := strings.Cut(h, ":")
		if hp == port && strings.HasSuffix(name, "."+hn) {
			return true
		}
	}
	return false
}

// check returns 0 when the normalised URL u is in scope, or why not.
func (sc *scope) check(u string, pu *url.URL) exclReason {
	if !sc.hostAllowed(pu) {
		return exOutOfScope
	}
	if p := sc.s.prefix; p != "" {
		ep := pu.EscapedPath()
		if ep != p && !strings.HasPrefix(ep, p+"/") {
			return exPattern
		}
	}
	if len(sc.s.include) > 0 {
		ok := false
		for _, re := range sc.s.include {
			if re.MatchString(u) {
				ok = true
				break
			}
		}
		if !ok {
			return exPattern
		}
	}
	for _, re := range sc.s.exclude {
		if re.MatchString(u) {
			return exPattern
		}
	}
	return 0
}
