package store

// Transition is the issue lifecycle: the state an issue takes after a done
// run, from its state before (prev, meaningful when known), whether the
// run saw it, and whether the run audited a page it was last seen on. It
// reports whether the state was set by this run (a state the run only
// carried over, such as an issue that stays fixed, is not).
//
//	not known, seen                → new
//	new/recurring/reopened, seen   → recurring
//	fixed, seen                    → reopened
//	new/recurring/reopened, unseen, its pages audited → fixed
//	unseen otherwise               → unchanged
func Transition(prev IssueState, known, seen, audited bool) (IssueState, bool) {
	switch {
	case seen && !known:
		return StateNew, true
	case seen && prev == StateFixed:
		return StateReopened, true
	case seen:
		return StateRecurring, true
	case known && prev != StateFixed && audited:
		return StateFixed, true
	}
	return prev, false
}
