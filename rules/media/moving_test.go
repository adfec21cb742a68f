package media

import "testing"

func TestMovingProps(t *testing.T) {
	cases := map[string][]string{
		"transform:translate": {"transform", "transform:translate"},
		"left":                {"left", "opacity"},
		"marginLeft":          {"marginLeft"},
		"":                    {"transform"}, // rotating or scaling in place
	}
	for want, props := range cases {
		if got := movingProps(props); got != want {
			t.Errorf("movingProps(%q) = %q, want %q", props, got, want)
		}
	}
	if got := movingProps([]string{"opacity", "color"}); got != "" {
		t.Errorf("fading taken for moving: %q", got)
	}
}
