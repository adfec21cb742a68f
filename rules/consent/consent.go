// Package consent holds rules about GDPR consent on career sites:
// application forms that collect personal data under consent, and cookie
// banners. They carry a legal basis next to WCAG where a finding is also an
// accessibility failure.
package consent

import "github.com/granska/granska/rules"

// Rules are the consent rules.
var Rules = []*rules.Rule{}
