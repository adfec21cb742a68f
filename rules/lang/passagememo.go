package lang

import (
	"sync"

	"github.com/granska/granska/rules"
)

// passageMemo is lang-of-parts' memo for one page: the text of each
// passage, gathered once in Applies and read again in Expect, and the
// identification of each distinct text. A page repeats its components
// (job cards, teasers, product tiles) with the same sentences; one text
// reads as one language wherever it stands, so it is identified once.
type passageMemo struct {
	mu   sync.Mutex
	text map[int]string        // passage element -> its text
	ids  map[string]Identified // text -> identification
}

func passagesOf(c *rules.Ctx) *passageMemo {
	return c.Memo("lang.passages", func() any {
		return &passageMemo{text: map[int]string{}, ids: map[string]Identified{}}
	}).(*passageMemo)
}

// textOf returns passageText(p, el, lang), computing it once per element
// (an element's inherited language is fixed for the page).
func (m *passageMemo) textOf(c *rules.Ctx, el int, lang string) string {
	m.mu.Lock()
	t, ok := m.text[el]
	m.mu.Unlock()
	if ok {
		return t
	}
	t = passageText(c.Page, el, lang)
	m.mu.Lock()
	m.text[el] = t
	m.mu.Unlock()
	return t
}

// identify returns IdentifyPassage(text), computing it once per text.
func (m *passageMemo) identify(text string) Identified {
	m.mu.Lock()
	id, ok := m.ids[text]
	m.mu.Unlock()
	if ok {
		return id
	}
	id = IdentifyPassage(text)
	m.mu.Lock()
	m.ids[text] = id
	m.mu.Unlock()
	return id
}
