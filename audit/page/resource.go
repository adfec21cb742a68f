package page

// Resource is one response a page loaded before it was captured (its
// document, style sheets, scripts, images, fonts, frames), as a re-audit
// needs it to tell whether the page changed: the validators the server
// sent and a hash of the body as the browser received it. The capture
// reports them (capture.Options.Resources); the result keeps them per page.
type Resource struct {
	URL          string `json:"url"`
	Type         string `json:"type,omitempty"`
	Status       int    `json:"status"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"lastModified,omitempty"`
	// SHA256 is the hex hash of the decoded body; empty when the body was
	// not available or too large to hash.
	SHA256 string `json:"sha256,omitempty"`
}
