package csv_test

import (
	"bytes"
	stdcsv "encoding/csv"
	"testing"

	"github.com/granska/granska/report/csv"
	"github.com/granska/granska/report/reporttest"
)

func TestGolden(t *testing.T) {
	rep := reporttest.Report(t, 6, "en")
	var buf bytes.Buffer
	if err := csv.Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	reporttest.Golden(t, "issues.csv", buf.Bytes())
	rows, err := stdcsv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, is := range rep.Issues {
		n += len(is.Occurrences)
	}
	if len(rows) != n+1 {
		t.Errorf("%d rows, want a header and %d occurrences", len(rows), n)
	}
}
