package dom

import "testing"

// TestChromeRolesFastPath holds Role's shortcut: a role starting with a
// lower-case letter is returned as it is unless it is "image", so every
// other key of chromeRoles must start otherwise.
func TestChromeRolesFastPath(t *testing.T) {
	for k := range chromeRoles {
		if k != "image" && k != "" && k[0] >= 'a' && k[0] <= 'z' {
			t.Errorf("chromeRoles key %q starts lower-case: Role's shortcut would skip it", k)
		}
	}
}
