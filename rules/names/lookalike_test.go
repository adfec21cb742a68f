package names

import "testing"

func TestLookAlikeRun(t *testing.T) {
	for in, want := range map[string]string{
		"\U0001D409\U0001D428\U0001D41B\U0001D41B hos oss": "\U0001D409\U0001D428\U0001D41B\U0001D41B",
		"\u24C3\u24CE \u24C9\u24C9 jobb":                   "\u24C3\u24CE \u24C9\u24C9",
		"Steg \u2460 och \u2461":                           "",
		"\U0001D431+\U0001D432":                            "",
		"vanlig text":                                      "",
	} {
		if _, got := lookAlikeRun(in); got != want {
			t.Errorf("lookAlikeRun(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMixedScriptWord(t *testing.T) {
	for in, want := range map[string]string{
		"the D\u0435v\u0435l\u043e\u0440er role": "D\u0435v\u0435l\u043e\u0440er",
		"Привет, мы ищем":                        "",
		"Kotlin and Go":                          "",
		"Go-\u0434а":                             "", // two words split by the hyphen
	} {
		if got := mixedScriptWord(in); got != want {
			t.Errorf("mixedScriptWord(%q) = %q, want %q", in, got, want)
		}
	}
}
