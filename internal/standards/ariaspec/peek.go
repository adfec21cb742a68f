package ariaspec

// PeekRole returns the role with the given name from the table itself,
// without the copy LookupRole makes, for hot paths that only read it (a
// rule asking of every element whether its role is a kind of another).
// The caller must not modify the role, its slices or its map.
func PeekRole(name string) (*Role, bool) {
	i, ok := roleIndex[normalize(name)]
	if !ok {
		return nil, false
	}
	return &roles[i], true
}
