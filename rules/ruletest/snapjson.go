package ruletest

import (
	"bytes"
	"encoding/json"
)

// snapDepth is how deep a snapshot's JSON is broken into lines: the
// snapshot, the page, and the page's lists, so that each node, AX node and
// focus stop is one line and a recapture's diff shows which ones changed.
const snapDepth = 3

// reviewable returns v as JSON with objects and arrays indented down to
// depth levels and everything deeper kept on one line.
func reviewable(v any, depth int) ([]byte, error) {
	compact, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(len(compact) + len(compact)/8)
	level := 0
	inString, escaped := false, false
	newline := func(l int) {
		out.WriteByte('\n')
		for range l {
			out.WriteString("  ")
		}
	}
	for k := 0; k < len(compact); k++ {
		c := compact[k]
		if inString {
			out.WriteByte(c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			out.WriteByte(c)
		case '{', '[':
			out.WriteByte(c)
			level++
			// An empty container stays "{}" / "[]".
			if k+1 < len(compact) && (compact[k+1] == '}' || compact[k+1] == ']') {
				continue
			}
			if level <= depth {
				newline(level)
			}
		case '}', ']':
			if level <= depth && compact[k-1] != '{' && compact[k-1] != '[' {
				newline(level - 1)
			}
			level--
			out.WriteByte(c)
		case ',':
			out.WriteByte(c)
			if level <= depth {
				newline(level)
			}
		case ':':
			out.WriteByte(c)
			if level <= depth {
				out.WriteByte(' ')
			}
		default:
			out.WriteByte(c)
		}
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
