package wad

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// How many websites and mobile applications a Member State must monitor in
// one monitoring period depends on its population (Commission Implementing
// Decision (EU) 2018/1524, Annex I, point 2.1: the minimum sample sizes for
// simplified monitoring of websites and for in-depth monitoring of websites
// and of mobile applications; the numbers for simplified monitoring grow
// from the third period). A Member State with fewer websites or apps in
// scope than the minimum monitors all of them.
//
// Periods: the first ran from 1 January 2020 to 22 December 2021, each
// later one is a calendar year (1 January to 22 December), so 2022 is the
// second and 2023 the third ([PeriodOf]).

// Monitoring methods (Decision 2018/1524, Article 5 and Annex I point 1).
// Granska's automated checks can support simplified monitoring (finding
// non-compliance with a subset of the requirements); in-depth monitoring
// verifies every requirement and needs a person.
const (
	MethodSimplified = "simplified"
	MethodInDepth    = "in-depth"
)

// What is monitored.
const (
	KindWebsites = "websites"
	KindApps     = "apps"
)

// ErrUnknownCountry is returned for a country code without a population in
// [Populations].
var ErrUnknownCountry = errors.New("unknown country")

// Population is a Member State's population with its source.
type Population struct {
	Country string // ISO 3166-1 alpha-2, as the EU writes it (EL for Greece is accepted too)
	Name    string
	People  int64
}

// PopulationSource says where [Populations] come from.
const PopulationSource = "Eurostat, population on 1 January 2023 (demo_gind), rounded to thousands"

// PopulationYear is the year of [Populations].
const PopulationYear = 2023

// Populations are the 27 Member States' populations (PopulationSource),
// sorted by country code.
var Populations = []Population{
	{"AT", "Austria", 9_105_000}, {"BE", "Belgium", 11_743_000}, {"BG", "Bulgaria", 6_448_000},
	{"CY", "Cyprus", 921_000}, {"CZ", "Czechia", 10_828_000}, {"DE", "Germany", 84_359_000},
	{"DK", "Denmark", 5_933_000}, {"EE", "Estonia", 1_366_000}, {"ES", "Spain", 48_085_000},
	{"FI", "Finland", 5_564_000}, {"FR", "France", 68_173_000}, {"GR", "Greece", 10_414_000},
	{"HR", "Croatia", 3_851_000}, {"HU", "Hungary", 9_600_000}, {"IE", "Ireland", 5_271_000},
	{"IT", "Italy", 58_997_000}, {"LT", "Lithuania", 2_858_000}, {"LU", "Luxembourg", 661_000},
	{"LV", "Latvia", 1_883_000}, {"MT", "Malta", 542_000}, {"NL", "Netherlands", 17_811_000},
	{"PL", "Poland", 36_754_000}, {"PT", "Portugal", 10_467_000}, {"RO", "Romania", 19_055_000},
	{"SE", "Sweden", 10_522_000}, {"SI", "Slovenia", 2_117_000}, {"SK", "Slovakia", 5_429_000},
}

// LookupPopulation finds a Member State by its code, in any case; "EL"
// (the EU's code for Greece) is "GR".
func LookupPopulation(country string) (Population, error) {
	c := strings.ToUpper(strings.TrimSpace(country))
	if c == "EL" {
		c = "GR"
	}
	i, ok := slices.BinarySearchFunc(Populations, c, func(p Population, c string) int { return strings.Compare(p.Country, c) })
	if !ok {
		return Population{}, fmt.Errorf("%w %q: want one of the 27 Member States' codes (SE, DK, DE, …)", ErrUnknownCountry, country)
	}
	return Populations[i], nil
}

// sizeRule is one minimum of Annex I 2.1: Base + PerMillion × the
// population in millions, rounded up, for periods [FromPeriod, ToPeriod]
// (ToPeriod 0: open).
type sizeRule struct {
	Method, Kind         string
	FromPeriod, ToPeriod int
	Base, PerMillion     float64
	// Basis says how sure we are of the numbers: the Decision's text of
	// point 2.1 could not be read here, so each rule says what it rests on.
	Basis string
}

// Basis texts of sizeRules.
const (
	basisFitted = "fitted to the sample sizes national bodies report under the Decision " +
		"(Denmark 192 and from 2023 250 websites; Berlin's share growing by the same factor); verify against Annex I 2.1 before an official report"
	basisRecalled = "recalled from Annex I 2.1 and consistent with Denmark's (met) and Sweden's (reported short) first-period figures; " +
		"verify against the Decision before an official report"
)

var sizeRules = []sizeRule{
	{MethodSimplified, KindWebsites, 1, 2, 75, 20, basisFitted},
	{MethodSimplified, KindWebsites, 3, 0, 75, 30, basisFitted},
	{MethodInDepth, KindWebsites, 1, 2, 10, 1, basisRecalled},
	{MethodInDepth, KindApps, 1, 2, 1, 0.5, basisRecalled},
	// From the third period the in-depth minimums change too; we do not
	// hold their numbers, so Minimums says they are unknown rather than
	// guess them.
}

// Minimum is the least number of websites or apps a Member State monitors
// in a period with a method. Known false means we do not hold the number
// (Number is 0): a person must take it from the Decision.
type Minimum struct {
	Method string `json:"method"`
	Kind   string `json:"kind"`
	Number int    `json:"number"`
	Known  bool   `json:"known"`
	Basis  string `json:"basis"`
}

// PeriodOf is the monitoring period a date falls in: 1 for 2020–2021
// (and before), then one per calendar year (2022 is 2, 2023 is 3, …).
// Days after 22 December belong to no period in the Decision; they are
// counted with their year.
func PeriodOf(t time.Time) int {
	y := t.UTC().Year()
	if y <= 2021 {
		return 1
	}
	return y - 2020
}

// Minimums lists the minimum sample sizes for a Member State in a period
// (1 or more): simplified websites, in-depth websites, in-depth apps, in
// that order.
func Minimums(country string, period int) ([]Minimum, Population, error) {
	pop, err := LookupPopulation(country)
	if err != nil {
		return nil, Population{}, err
	}
	if period < 1 {
		return nil, Population{}, fmt.Errorf("monitoring period %d: the first is 1 (2020–2021)", period)
	}
	return minimums(pop.People, period), pop, nil
}

func minimums(people int64, period int) []Minimum {
	millions := float64(people) / 1e6
	var out []Minimum
	for _, mk := range [][2]string{{MethodSimplified, KindWebsites}, {MethodInDepth, KindWebsites}, {MethodInDepth, KindApps}} {
		m := Minimum{Method: mk[0], Kind: mk[1], Basis: "not held: take it from Decision (EU) 2018/1524, Annex I 2.1"}
		for _, r := range sizeRules {
			if r.Method == m.Method && r.Kind == m.Kind && period >= r.FromPeriod && (r.ToPeriod == 0 || period <= r.ToPeriod) {
				// Round to 1e-9 first so that a whole number stays whole.
				m.Number = int(math.Ceil(math.Round((r.Base+r.PerMillion*millions)*1e9) / 1e9))
				m.Known, m.Basis = true, r.Basis
			}
		}
		out = append(out, m)
	}
	return out
}

// SampleCheck compares the websites monitored with the minimum of the
// simplified method (the one automated checks can support).
type SampleCheck struct {
	Country        string    `json:"country"`
	Population     int64     `json:"population"`
	PopulationYear int       `json:"populationYear"`
	PopulationFrom string    `json:"populationSource"`
	Period         int       `json:"period"`
	Minimums       []Minimum `json:"minimums"`
	// Monitored is how many websites this export covers; Short how many
	// more the simplified minimum asks for (0 when met). These are the
	// exported sites only: a Member State's total is the sum over every
	// body that monitors for it.
	Monitored int `json:"monitored"`
	Short     int `json:"short"`
}

// CheckSample is the SampleCheck of monitored websites for country in
// period.
func CheckSample(country string, period, monitored int) (SampleCheck, error) {
	ms, pop, err := Minimums(country, period)
	if err != nil {
		return SampleCheck{}, err
	}
	sc := SampleCheck{Country: pop.Country, Population: pop.People, PopulationYear: PopulationYear, PopulationFrom: PopulationSource,
		Period: period, Minimums: ms, Monitored: monitored}
	if ms[0].Known {
		sc.Short = max(0, ms[0].Number-monitored)
	}
	return sc, nil
}
