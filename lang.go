package newsfind

import (
	"strings"

	"golang.org/x/text/language"
)

// LangUnknown is the language facet's value for articles whose language
// was neither given nor detected (BCP 47's "undetermined"); as a filter
// (lang=und) it finds them.
const LangUnknown = "und"

// maxLangBytes bounds a language tag before it is parsed: BCP 47 tags in
// use are a few bytes ("pt-BR", "zh-Hant-TW").
const maxLangBytes = 35

// NormalizeLang returns a language tag in its canonical BCP 47 form
// ("pt_br" → "pt-BR"), "" for none, or an EINVALID error.
func NormalizeLang(tag string) (string, error) {
	tag = strings.TrimSpace(tag)
	if tag == "" {
		return "", nil
	}
	if len(tag) <= maxLangBytes {
		if t, err := language.Parse(tag); err == nil {
			return t.String(), nil
		}
	}
	return "", Errorf(EINVALID, "lang %q is not a BCP 47 language tag: give one such as en, de or pt-BR, or leave it out to have it detected", Echo(tag))
}
