package wad

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPopulationsSorted(t *testing.T) {
	if len(Populations) != 27 {
		t.Errorf("%d Member States, want 27", len(Populations))
	}
	if !slices.IsSortedFunc(Populations, func(a, b Population) int { return strings.Compare(a.Country, b.Country) }) {
		t.Error("Populations are not sorted by code (LookupPopulation searches them)")
	}
	for _, p := range Populations {
		if got, err := LookupPopulation(strings.ToLower(p.Country)); err != nil || got != p {
			t.Errorf("LookupPopulation(%s) = %+v, %v", p.Country, got, err)
		}
	}
	if got, err := LookupPopulation("EL"); err != nil || got.Country != "GR" {
		t.Errorf("EL = %+v, %v, want Greece", got, err)
	}
	for _, c := range []string{"", "UK", "NO", "SWE"} {
		if _, err := LookupPopulation(c); !errors.Is(err, ErrUnknownCountry) {
			t.Errorf("LookupPopulation(%q) error %v, want ErrUnknownCountry", c, err)
		}
	}
}

// The simplified minimums are fitted to what national bodies report: with
// Denmark's population when it sampled (5 822 763 on 1 January 2020) the
// rules give its 192 websites for the first two periods and 250 from the
// third, and its 4 apps monitored in depth.
func TestMinimumsReproduceReportedFigures(t *testing.T) {
	dk := minimums(5_822_763, 1)
	if dk[0].Number != 192 || dk[2].Number != 4 {
		t.Errorf("Denmark, period 1: %+v, want 192 simplified websites and 4 apps", dk)
	}
	if dk := minimums(5_822_763, 3); dk[0].Number != 250 {
		t.Errorf("Denmark, period 3: %d simplified websites, want 250", dk[0].Number)
	}
	// Sweden reported 19 websites monitored in depth and 2 apps, and said
	// it fell short of the Decision: both are below these minimums.
	se := minimums(10_327_589, 1)
	if se[1].Number <= 19 || se[2].Number <= 2 {
		t.Errorf("Sweden, period 1: %+v, want more than 19 in-depth websites and 2 apps", se)
	}
}

func TestMinimums(t *testing.T) {
	ms, pop, err := Minimums("se", 2)
	if err != nil || pop.Country != "SE" {
		t.Fatal(pop, err)
	}
	// 75 + 20 × 10.522 = 285.44 → 286; 10 + 10.522 → 21; 1 + 5.261 → 7.
	want := []int{286, 21, 7}
	for i, m := range ms {
		if !m.Known || m.Number != want[i] || m.Basis == "" {
			t.Errorf("%s %s = %+v, want %d", m.Method, m.Kind, m, want[i])
		}
	}
	ms, _, _ = Minimums("SE", 4)
	if !ms[0].Known || ms[0].Number != 391 { // 75 + 30 × 10.522 = 390.66
		t.Errorf("simplified from period 3 = %+v, want 391", ms[0])
	}
	// In-depth numbers from period 3 are not held: unknown, never guessed.
	if ms[1].Known || ms[1].Number != 0 || ms[2].Known || !strings.Contains(ms[1].Basis, "2018/1524") {
		t.Errorf("in-depth from period 3 = %+v %+v, want unknown with where to look", ms[1], ms[2])
	}
	if _, _, err := Minimums("SE", 0); err == nil {
		t.Error("period 0 accepted")
	}
	// A whole number stays whole: Malta's 542 000 give 75 + 10.84 = 85.84 → 86.
	if ms, _, _ := Minimums("MT", 1); ms[0].Number != 86 {
		t.Errorf("Malta = %d, want 86", ms[0].Number)
	}
	if m := minimums(1_000_000, 1); m[0].Number != 95 || m[1].Number != 11 {
		t.Errorf("one million people = %+v, want exactly 95 and 11", m)
	}
}

func TestPeriodOf(t *testing.T) {
	for _, c := range []struct {
		date string
		want int
	}{{"2019-06-01", 1}, {"2020-01-01", 1}, {"2021-12-22", 1}, {"2022-03-01", 2}, {"2023-01-01", 3}, {"2026-12-06", 6}} {
		d, _ := time.Parse(time.DateOnly, c.date)
		if got := PeriodOf(d); got != c.want {
			t.Errorf("PeriodOf(%s) = %d, want %d", c.date, got, c.want)
		}
	}
}

func TestCheckSample(t *testing.T) {
	sc, err := CheckSample("DK", 3, 200)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Minimums[0].Number != 253 || sc.Short != 53 || sc.Monitored != 200 || sc.PopulationYear != PopulationYear {
		t.Errorf("CheckSample = %+v, want minimum 253 (75 + 30 × 5.933), 53 short", sc)
	}
	if sc, _ := CheckSample("DK", 3, 400); sc.Short != 0 {
		t.Errorf("a met minimum is %d short", sc.Short)
	}
	if _, err := CheckSample("XX", 1, 1); !errors.Is(err, ErrUnknownCountry) {
		t.Errorf("unknown country: %v", err)
	}
}
