package docs

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// markdownLink matches the target of an inline Markdown link.
var markdownLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// linkedPages are the pages outside docs/ whose links are checked too:
// the ones that point into docs/.
var linkedPages = []string{"../README.md", "../agent/README.md", "../CHANGELOG.md"}

// TestPageLinksResolve checks every relative link of the pages under
// docs/ and of linkedPages: the file or directory exists, and an #anchor
// names a heading of the page it points at.
func TestPageLinksResolve(t *testing.T) {
	pages, err := filepath.Glob("*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages under docs/ (%v)", err)
	}
	pages = append(pages, linkedPages...)
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range markdownLink.FindAllStringSubmatch(string(data), -1) {
			if p := checkLink(page, m[1]); p != "" {
				t.Errorf("%s: link %s: %s", page, m[1], p)
			}
		}
	}
}

// checkLink says what is wrong with a link from page, or "".
func checkLink(page, link string) string {
	if strings.Contains(link, "://") || strings.HasPrefix(link, "mailto:") {
		return ""
	}
	path, anchor, _ := strings.Cut(link, "#")
	target := page
	if path != "" {
		target = filepath.Join(filepath.Dir(page), filepath.FromSlash(path))
	}
	info, err := os.Stat(target)
	if err != nil {
		return "no such file"
	}
	if anchor == "" || info.IsDir() || filepath.Ext(target) != ".md" {
		return ""
	}
	data, err := os.ReadFile(target)
	if err != nil {
		return err.Error()
	}
	if !headingAnchors(string(data))[anchor] {
		return fmt.Sprintf("no heading with the anchor #%s in %s", anchor, target)
	}
	return ""
}

// headingAnchors are the anchors GitHub gives a page's headings: the
// text lowercased, punctuation dropped, spaces turned into dashes, a
// repeated one suffixed -1, -2, ...
func headingAnchors(page string) map[string]bool {
	out := map[string]bool{}
	fenced := false
	for _, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
		}
		if fenced || !strings.HasPrefix(line, "#") {
			continue
		}
		a := slug(strings.TrimLeft(line, "#"))
		for n := 1; out[a]; n++ {
			a = fmt.Sprintf("%s-%d", slug(strings.TrimLeft(line, "#")), n)
		}
		out[a] = true
	}
	return out
}

// slug is a heading's anchor.
func slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	return b.String()
}

// TestSlugMatchesGitHub shows slug on headings of these pages, with the
// anchors GitHub gives them.
func TestSlugMatchesGitHub(t *testing.T) {
	for heading, want := range map[string]string{
		" 2. Bake the agent AMI":                   "2-bake-the-agent-ami",
		" Abort, rollback and repair":              "abort-rollback-and-repair",
		" 5. The first rollout: `asgctl promote`":  "5-the-first-rollout-asgctl-promote",
		" What stops a release, and what does not": "what-stops-a-release-and-what-does-not",
		" asgctl-agent":                            "asgctl-agent",
	} {
		if got := slug(heading); got != want {
			t.Errorf("slug(%q) = %q, want %q", heading, got, want)
		}
	}
}

// TestCheckLinkFindsBrokenLinks shows checkLink refusing a missing file
// and a missing anchor, and accepting good ones.
func TestCheckLinkFindsBrokenLinks(t *testing.T) {
	for link, bad := range map[string]bool{
		"no-such-page.md":                true,
		"#no-such-heading":               true,
		"spec.md#no-such-heading":        true,
		"#durations":                     false,
		"consul.md#sessions-and-locks":   false,
		"../policies/consul/":            false,
		"https://keepachangelog.com/x#y": false,
	} {
		if got := checkLink("spec.md", link); (got != "") != bad {
			t.Errorf("checkLink(spec.md, %s) = %q, want a problem: %v", link, got, bad)
		}
	}
}
