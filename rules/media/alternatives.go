package media

import (
	"net/url"
	"path"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// playerHosts are hosts (and host suffixes) of embedded video players.
var playerHosts = []string{
	"youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "dailymotion.com", "twitch.tv", "wistia.com",
	"wistia.net", "vidyard.com", "brightcove.net", "kaltura.com", "jwplayer.com", "jwplatform.com", "screen9.com",
	"qbrick.com", "svtplay.se", "ted.com", "loom.com", "streamable.com", "facebook.com/plugins/video",
}

// embeddedPlayer reports whether an iframe shows a known video player.
func embeddedPlayer(p *page.Page, i int) bool {
	if p.Tag(i) != "iframe" {
		return false
	}
	src, _ := p.Attr(i, "src")
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil || u.Host == "" {
		return false
	}
	h := strings.ToLower(u.Host) + u.Path
	for _, ph := range playerHosts {
		host, _, _ := strings.Cut(ph, "/")
		if strings.HasPrefix(strings.ToLower(u.Host), host) || strings.HasSuffix(strings.ToLower(u.Host), "."+host) {
			return strings.Contains(h, ph)
		}
	}
	return false
}

// mediaElements returns the rendered video and audio elements and
// embedded players of the page, in document order.
func mediaElements(c *rules.Ctx) []int {
	return c.Memo("media.elements", func() any {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			switch {
			case p.Tag(i) == "video" || p.Tag(i) == "audio":
				if v, ok := p.Attr(i, "name"); ok && v == "media" && p.Nodes[i].Doc != 0 {
					return // Chrome's own media document for an object
				}
				// Autoplaying audio is heard even when the element is not
				// shown.
				if p.HasAttr(i, "autoplay") || p.Rendered(i) && dom.Visible(p, i) {
					out = append(out, i)
				}
			case embeddedPlayer(p, i) && dom.Visible(p, i):
				out = append(out, i)
			}
		})
		return out
	}).([]int)
}

// tracks returns the kinds of the track elements of a media element.
func tracks(p *page.Page, i int) map[string]bool {
	out := map[string]bool{}
	for _, ch := range p.Children(i) {
		if p.IsElement(ch) && p.Tag(ch) == "track" {
			k, _ := p.Attr(ch, "kind")
			k = strings.ToLower(strings.TrimSpace(k))
			if k == "" {
				k = "subtitles"
			}
			if src, _ := p.Attr(ch, "src"); strings.TrimSpace(src) != "" {
				out[k] = true
			}
		}
	}
	return out
}

// transcriptWords name a text version of audio or video.
var transcriptWords = dom.NewPhrases(
	"transkri*", "textversion*", "textad version", "textning", "manus", "utskrift", "syntolk*",
	"transcript*", "text version", "text alternative", "audio description*", "described version",
	"tekstversion", "tekstet", "litteroin*", "tekstivers*", "kuvailutulk*", "abschrift", "transkript*", "audiodeskription",
)

// transcriptNear returns a link or text near a media element (in its
// parent, or the parent's parent) that names a transcript or a described
// version, "" if none.
func transcriptNear(p *page.Page, i int) string {
	scope := p.ParentElement(i)
	if scope < 0 {
		return ""
	}
	if strings.TrimSpace(p.Text(scope)) == "" {
		if up := p.ParentElement(scope); up >= 0 {
			switch p.Tag(up) {
			case "body", "main", "html", "article":
			default:
				scope = up
			}
		}
	}
	if h, ok := transcriptWords.Find(dom.Fold(p.Text(scope))); ok {
		return h.Text
	}
	return ""
}

func mediaKind(p *page.Page, i int) string {
	if p.Tag(i) == "audio" {
		return "audio"
	}
	return "video"
}

// MediaCaptions asks for captions on prerecorded and live video (1.2.2,
// 1.2.4; WCAG F8, F74, F75; H95): a video with a captions or subtitles
// track passes, others and embedded players ask a person.
var MediaCaptions = &rules.Rule{
	ID:     "media-captions",
	Family: "media",
	Title:  rules.Text{EN: "Videos have captions", SV: "Videor har undertexter"},
	Help: rules.Text{
		EN: "Give every video with sound synchronised captions of speech and meaningful sounds (a <track kind=\"captions\"> or captions in the player), also for live video.",
		SV: "Ge varje video med ljud synkroniserad textning av tal och betydelsefulla ljud (ett <track kind=\"captions\"> eller textning i spelaren), även för direktsänd video.",
	},
	Manual: rules.Text{
		EN: "Play the video with captions on: does it have sound, and are all speech and meaningful sounds captioned, correctly and in sync?",
		SV: "Spela upp videon med textning på: har den ljud, och är allt tal och alla betydelsefulla ljud textade, korrekt och i takt?",
	},
	WCAG:   []string{"1.2.2", "1.2.4"},
	Impact: rules.Critical,
	Codes: map[string]rules.Text{
		"has-track":   {EN: "The video has a {kind} track.", SV: "Videon har ett spår av typen {kind}."},
		"no-track":    {EN: "The video has no captions track: does it have sound, and if so, are captions shown in it (open captions)?", SV: "Videon saknar textningsspår: har den ljud, och visas i så fall textning i bilden (öppen textning)?"},
		"player":      {EN: "An embedded video player ({host}): check that its videos have captions.", SV: "En inbäddad videospelare ({host}): kontrollera att dess videor har textning."},
		"not-a-video": {EN: "Audio is not checked for captions.", SV: "Ljud kontrolleras inte för textning."},
	},
	Applies: func(c *rules.Ctx) []int {
		var out []int
		for _, i := range mediaElements(c) {
			if c.Page.Tag(i) != "audio" {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		if p.Tag(i) == "iframe" {
			src, _ := p.Attr(i, "src")
			u, _ := url.Parse(strings.TrimSpace(src))
			return rules.Cant(i, "player", "host", u.Host)
		}
		t := tracks(p, i)
		for _, k := range []string{"captions", "subtitles"} {
			if t[k] {
				return rules.Pass(i, "has-track", "kind", k)
			}
		}
		return rules.Cant(i, "no-track")
	},
}

// MediaAlternative asks for the alternatives prerecorded media need
// besides captions (1.2.1 audio-only and video-only, 1.2.3 and 1.2.5 audio
// description; WCAG F30 for media, G58, G69, G78, H96): always a person's
// question, told whether a transcript or described version is linked
// nearby.
var MediaAlternative = &rules.Rule{
	ID:     "media-alternative",
	Family: "media",
	Title:  rules.Text{EN: "Audio and video have a text alternative or audio description", SV: "Ljud och video har ett textalternativ eller syntolkning"},
	Help: rules.Text{
		EN: "Give audio a transcript, video without sound a text or audio alternative, and video with sound an audio description of what is only shown (or a full text version beside it).",
		SV: "Ge ljud en transkribering, video utan ljud ett text- eller ljudalternativ, och video med ljud en syntolkning av det som bara visas (eller en fullständig textversion bredvid).",
	},
	Manual: rules.Text{
		EN: "Play the media: is everything it tells, including what is only shown or only heard, also available as text or audio description?",
		SV: "Spela upp mediet: finns allt det berättar, även det som bara visas eller bara hörs, också som text eller syntolkning?",
	},
	WCAG:   []string{"1.2.1", "1.2.3", "1.2.5"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"audio-no-transcript": {EN: "The audio has no transcript nearby: check that a text version of it exists.", SV: "Ljudet har ingen transkribering i närheten: kontrollera att en textversion finns."},
		"video-no-alt":        {EN: "The video has no description track and no text version nearby: check whether what is only shown is described (audio description or text version), and that a video without sound has an alternative.", SV: "Videon saknar syntolkningsspår och textversion i närheten: kontrollera om det som bara visas beskrivs (syntolkning eller textversion), och att en video utan ljud har ett alternativ."},
		"alternative-near":    {EN: "The {kind} has \"{what}\" nearby: check that it gives everything the media tells.", SV: "{kind} har ”{what}” i närheten: kontrollera att det ger allt som mediet berättar."},
	},
	Applies: func(c *rules.Ctx) []int { return mediaElements(c) },
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		if w := transcriptNear(p, i); w != "" {
			return rules.Cant(i, "alternative-near", "kind", mediaKind(p, i), "what", w)
		}
		if p.Tag(i) == "video" && tracks(p, i)["descriptions"] {
			return rules.Cant(i, "alternative-near", "kind", "video", "what", "track kind=descriptions")
		}
		if p.Tag(i) == "audio" {
			return rules.Cant(i, "audio-no-transcript")
		}
		return rules.Cant(i, "video-no-alt")
	},
}

// pauseWords name a control that pauses, stops or mutes.
var pauseWords = dom.NewPhrases(
	"paus*", "stopp*", "stop*", "tyst*", "ljud av", "stäng av ljud*", "mute*", "unmute", "sound off", "volume", "volym*",
	"pysäytä", "mykistä", "anhalten", "stumm*", "ton aus", "lyd av", "lyd fra", "slå lyd*", "⏸", "⏹",
)

// pauseControl returns the first control on the page whose name or text
// says it pauses, stops or mutes, -1 if none.
func pauseControl(c *rules.Ctx) int {
	return c.Memo("media.pausecontrol", func() any {
		p := c.Page
		found := -1
		dom.Elements(p, func(i int) {
			if found >= 0 || !p.InAXTree(i) {
				return
			}
			switch dom.Role(p, i) {
			case "button", "link", "checkbox", "switch", "menuitem", "slider":
			default:
				return
			}
			ax := p.Nodes[i].AX
			if pauseWords.Has(dom.Fold(ax.Name + " " + ax.Description)) {
				found = i
			}
		})
		return found
	}).(int)
}

// AudioControl checks audio that plays by itself (1.4.2; WCAG F23, F93;
// G60, G170, G171): media that autoplays unmuted, loops, shows no controls
// and has no pause, stop or mute control anywhere on the page fails; other
// unmuted autoplaying media asks a person; with the browser's controls
// it passes.
var AudioControl = &rules.Rule{
	ID:     "audio-control",
	Family: "media",
	Title:  rules.Text{EN: "Sound that plays by itself can be stopped", SV: "Ljud som spelas upp av sig självt kan stoppas"},
	Help: rules.Text{
		EN: "Do not start sound by itself; if you must, stop it within 3 seconds or put a pause or mute button first on the page (the controls attribute is one).",
		SV: "Starta inte ljud av sig självt; om det måste ske, stoppa det inom 3 sekunder eller lägg en paus- eller ljud av-knapp först på sidan (attributet controls är en sådan).",
	},
	Manual: rules.Text{
		EN: "Load the page: does sound play for more than 3 seconds, and can it be paused, stopped or turned down on its own, early on the page?",
		SV: "Ladda sidan: spelas ljud i mer än 3 sekunder, och kan det pausas, stoppas eller sänkas separat, tidigt på sidan?",
	},
	WCAG:   []string{"1.4.2"},
	Impact: rules.Critical,
	Codes: map[string]rules.Text{
		"muted":        {EN: "The {kind} autoplays muted.", SV: "{kind} spelas upp automatiskt utan ljud."},
		"has-controls": {EN: "The {kind} autoplays with the browser's controls, which can pause it.", SV: "{kind} spelas upp automatiskt med webbläsarens kontroller, som kan pausa den."},
		"autoplays":    {EN: "The {kind} plays by itself with sound: does it last more than 3 seconds, and can {control} pause or mute it?", SV: "{kind} spelas upp av sig självt med ljud: varar det mer än 3 sekunder, och kan {control} pausa det eller stänga av ljudet?"},
		"no-control":   {EN: "The {kind} plays by itself with sound, in a loop, without controls, and nothing on the page pauses, stops or mutes it.", SV: "{kind} spelas upp av sig självt med ljud, i en slinga, utan kontroller, och inget på sidan pausar, stoppar eller stänger av ljudet."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for _, i := range mediaElements(c) {
			if (p.Tag(i) == "video" || p.Tag(i) == "audio") && p.HasAttr(i, "autoplay") {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		kind := mediaKind(p, i)
		switch {
		case p.HasAttr(i, "muted"):
			return rules.Pass(i, "muted", "kind", kind)
		case p.HasAttr(i, "controls"):
			return rules.Pass(i, "has-controls", "kind", kind)
		}
		ctl := pauseControl(c)
		if ctl < 0 && p.HasAttr(i, "loop") {
			return rules.Fail(i, "no-control", "kind", kind)
		}
		name := "a control on the page"
		if ctl >= 0 {
			name = "\"" + page.Collapse(p.AXName(ctl)) + "\""
		}
		return rules.Cant(i, "autoplays", "kind", kind, "control", name)
	},
}

// animatedExt are image formats that can be animated.
var animatedExt = map[string]bool{".gif": true, ".apng": true, ".webp": true, ".png": false}

// animatedImage reports whether an img may be animated (GIF, APNG or WebP)
// and is large enough to matter.
func animatedImage(p *page.Page, i int) bool {
	if p.Tag(i) != "img" || !dom.Visible(p, i) {
		return false
	}
	b, _ := p.Box(i)
	if b.W < 48 || b.H < 48 {
		return false
	}
	src := p.Nodes[i].CurrentSrc
	if src == "" {
		src, _ = p.Attr(i, "src")
	}
	if strings.HasPrefix(src, "data:image/gif") || strings.HasPrefix(src, "data:image/apng") {
		return true
	}
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil {
		return false
	}
	return animatedExt[strings.ToLower(path.Ext(u.Path))]
}

// ThreeFlashes asks a person to check content that may flash (2.3.1; WCAG
// F4 for flashing, G19, G176): videos, embedded players, images in a
// format that can animate and endless CSS animations. Flash frequency is
// not measured by the capture, so the rule never fails.
var ThreeFlashes = &rules.Rule{
	ID:     "three-flashes",
	Family: "media",
	Title:  rules.Text{EN: "Nothing flashes more than three times a second", SV: "Inget blinkar mer än tre gånger per sekund"},
	Help: rules.Text{
		EN: "Remove flashes faster than three per second, or keep them below the general and red flash thresholds (small and dim).",
		SV: "Ta bort blinkningar som är snabbare än tre per sekund, eller håll dem under gränsvärdena för allmänna och röda blinkningar (små och svaga).",
	},
	Manual: rules.Text{
		EN: "Watch the content: does anything flash (a bright change back and forth) more than three times in any one second?",
		SV: "Titta på innehållet: blinkar något (en kraftig växling fram och tillbaka) mer än tre gånger under någon sekund?",
	},
	WCAG:   []string{"2.3.1"},
	Impact: rules.Critical,
	Codes: map[string]rules.Text{
		"may-flash": {EN: "This {what} may flash: check that it does not flash more than three times in any second.", SV: "Denna {what} kan blinka: kontrollera att den inte blinkar mer än tre gånger under någon sekund."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		seen := map[int]bool{}
		for _, i := range mediaElements(c) {
			if p.Tag(i) != "audio" {
				seen[i] = true
				out = append(out, rules.Cant(i, "may-flash", "what", "video"))
			}
		}
		dom.Elements(p, func(i int) {
			if !seen[i] && animatedImage(p, i) {
				seen[i] = true
				out = append(out, rules.Cant(i, "may-flash", "what", "image"))
			}
		})
		if p.Motion != nil {
			for _, i := range p.Motion.Animations {
				if !seen[i] && p.Rendered(i) {
					seen[i] = true
					out = append(out, rules.Cant(i, "may-flash", "what", "animation"))
				}
			}
		}
		return out
	},
}
