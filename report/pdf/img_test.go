package pdf_test

import (
	"strings"
	"testing"
)

func TestImages(t *testing.T) {
	path := render(t, 6, "en")
	out := tool(t, "pdfimages", "-list", path)
	if n := len(strings.Split(strings.TrimSpace(out), "\n")) - 2; n < 2 {
		t.Errorf("%d images in the PDF, want the screenshots:\n%s", n, out)
	}
}
