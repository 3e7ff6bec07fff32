package release

import (
	"path"
	"strings"
)

// cleanEntryName validates a tar entry name and returns it cleaned and
// relative ("a/b"), or "." for the release root itself.
func cleanEntryName(name string) (string, error) {
	if name == "" {
		return "", reject(RuleBadName, name, "entry has an empty name")
	}
	if strings.HasPrefix(name, "/") {
		return "", reject(RuleAbsolutePath, name, "absolute path: entries must be relative to the release root (build with tar -C dir .)")
	}
	for _, c := range strings.Split(name, "/") {
		if c == ".." {
			return "", reject(RuleTraversal, name, "path contains a \"..\" component, which could write outside the release directory")
		}
	}
	return path.Clean(name), nil
}

// parentPrefixes returns "a", "a/b" for "a/b/c": the directories an entry
// is written through.
func parentPrefixes(rel string) []string {
	var out []string
	for i := 0; i < len(rel); i++ {
		if rel[i] == '/' {
			out = append(out, rel[:i])
		}
	}
	return out
}
