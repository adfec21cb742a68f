package names

import "testing"

func TestAltPatterns(t *testing.T) {
	files := []string{"IMG_1234.jpg", "DSC04417", "team-photo_2023.JPEG", "/img/hero.webp", "https://cdn.example.org/a.png", "PXL_20240101_120000", "Skärmbild 2024-01-01 101010"}
	for _, s := range files {
		if !imageFileName.MatchString(s) {
			t.Errorf("%q not taken for a file name", s)
		}
	}
	for _, s := range []string{"Version 2.0 release notes", "Kontoret i Luleå, 2023", "Anna Berg, vd", "Karta över kontoret"} {
		if imageFileName.MatchString(s) {
			t.Errorf("%q taken for a file name", s)
		}
	}
	for _, s := range []string{"Bild", "image", "bild 3", "Stock photo", "kuva", "Abbildung 2"} {
		if !allIn(altWords(s), placeholderWords) {
			t.Errorf("%q not taken for a placeholder", s)
		}
	}
	for _, s := range []string{"Bild på receptionen", "Photo of the team", ""} {
		if allIn(altWords(s), placeholderWords) {
			t.Errorf("%q taken for a placeholder", s)
		}
	}
}

func TestGenericLink(t *testing.T) {
	for _, s := range []string{"Läs mer", "läs mer →", "Read more…", "Klicka här!", "Mehr erfahren", "Lue lisää", "Les mer »", "HERE"} {
		if !genericLink.Equal(linkText(s)) {
			t.Errorf("%q not taken for generic", s)
		}
	}
	for _, s := range []string{"Läs mer om jobbet i Kiruna", "Read more about benefits", "Mera jobb i Umeå", "Härnösand"} {
		if genericLink.Equal(linkText(s)) {
			t.Errorf("%q taken for generic", s)
		}
	}
}
