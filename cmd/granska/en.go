package main

import "github.com/granska/granska/internal/standards/en301549"

// enLabel names a clause with its edition when it is not V3.2.1.
func enLabel(id string) string {
	c, ok := en301549.Lookup(id)
	if ok && c.Edition != en301549.EditionV321 {
		return id + " (" + c.Edition + ")"
	}
	return id
}
