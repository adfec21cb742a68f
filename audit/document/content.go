package document

// contentOps counts what a page's content stream draws.
type contentOps struct {
	text     int      // text-showing operators: Tj, TJ, ', "
	images   int      // inline images (BI … ID … EI)
	xobjects int      // Do operators (images or forms)
	names    []string // the XObject names Do painted, in order
}

// scanContent tokenises a content stream (ISO 32000-1 §7.8.2) far enough
// to count operators: strings, hex strings, names, arrays, dictionaries and
// comments are skipped; bare words are operators.
func scanContent(b []byte) contentOps {
	var ops contentOps
	last := "" // the name operand before an operator
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case c == '(':
			i = skipString(b, i)
			last = ""
		case c == '<':
			if i+1 < len(b) && b[i+1] == '<' {
				i += 2
			} else {
				for i < len(b) && b[i] != '>' {
					i++
				}
				i++
			}
		case c == '/':
			j := i + 1
			for j < len(b) && !delim(b[j]) {
				j++
			}
			last = string(b[i+1 : j])
			i = j
			continue
		case isSpace(c) || c == '[' || c == ']' || c == '>' || c == '{' || c == '}':
			i++
		default:
			j := i
			for j < len(b) && !delim(b[j]) {
				j++
			}
			if j == i {
				j++
			}
			switch string(b[i:j]) {
			case "Tj", "TJ", "'", `"`:
				ops.text++
			case "Do":
				ops.xobjects++
				if last != "" {
					ops.names = append(ops.names, last)
				}
			case "BI":
				ops.images++
				// Skip the image data up to "EI" after whitespace.
				for k := j; k+2 < len(b); k++ {
					if isSpace(b[k]) && b[k+1] == 'E' && b[k+2] == 'I' && (k+3 == len(b) || delim(b[k+3])) {
						j = k + 3
						break
					}
				}
			}
			i = j
			last = ""
		}
	}
	return ops
}

// doNames returns the XObject names painted by Do, in order.
func doNames(b []byte) []string { return scanContent(b).names }

// skipString returns the index after the literal string starting at i,
// honouring escapes and nested parentheses.
func skipString(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return i
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func delim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return isSpace(c)
}
