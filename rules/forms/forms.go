// Package forms holds rules about forms beyond naming: autocomplete
// (1.3.5), accessible authentication (3.3.8), redundant entry (3.3.7),
// group names and label targets (1.3.1), placeholder-only labels (3.3.2),
// change of context on input (3.2.2), error suggestions (3.3.3) and error
// prevention (3.3.4).
package forms

import "github.com/granska/granska/rules"

// Rules are the form rules.
var Rules = []*rules.Rule{
	AutocompleteValid, AutocompleteMissing, AuthPasteBlocked, CaptchaAlternative, RedundantEntry,
	GroupName, LabelTarget, PlaceholderLabel, ChangeOnInput, ErrorSuggestion, ErrorPrevention, HintAssociated,
	ErrorNotColourOnly, ErrorStateColour,
}
