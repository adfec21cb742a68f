// Package forms holds rules about forms beyond naming: autocomplete
// (1.3.5), accessible authentication (3.3.8) and redundant entry (3.3.7).
package forms

import "github.com/granska/granska/rules"

// Rules are the form rules.
var Rules = []*rules.Rule{AutocompleteValid, AutocompleteMissing, AuthPasteBlocked, CaptchaAlternative, RedundantEntry}
