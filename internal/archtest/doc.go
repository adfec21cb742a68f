// Package archtest holds the test that keeps Granska's package layout
// honest: which project packages each package may import, and what rules
// and reports must never depend on (docs/architecture.md).
package archtest
