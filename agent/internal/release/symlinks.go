package release

import (
	"errors"
	"path"
	"strings"
)

// maxLinkDepth bounds symlink-through-symlink resolution, like the
// kernel's 40-link limit.
const maxLinkDepth = 40

var (
	errLinkAbsolute = errors.New("target is an absolute path")
	errLinkEscapes  = errors.New("target resolves outside the release directory")
	errLinkLoop     = errors.New("target does not resolve (a symlink loop or more than 40 levels)")
	errLinkEmpty    = errors.New("target is empty")
)

// symlinkSet records the symlinks extracted so far (relative name to
// target) and resolves targets through them the way the kernel would.
type symlinkSet struct {
	links map[string]string
	order []string
}

func newSymlinkSet() *symlinkSet {
	return &symlinkSet{links: map[string]string{}}
}

func (s *symlinkSet) add(rel, target string) {
	s.links[rel] = target
	s.order = append(s.order, rel)
}

// isLink reports whether rel is an extracted symlink.
func (s *symlinkSet) isLink(rel string) bool {
	_, ok := s.links[rel]
	return ok
}

// check reports whether the symlink rel -> target stays inside the
// release, following symlinks already extracted.
func (s *symlinkSet) check(rel, target string) error {
	if target == "" {
		return errLinkEmpty
	}
	dir := path.Dir(rel)
	var base []string
	if dir != "." {
		base = strings.Split(dir, "/")
	}
	_, err := s.resolve(base, target, 0)
	return err
}

// resolve walks target from the directory base (components below the
// release root) and returns where it ends, or why it leaves the release.
func (s *symlinkSet) resolve(base []string, target string, depth int) ([]string, error) {
	if strings.HasPrefix(target, "/") {
		return nil, errLinkAbsolute
	}
	stack := append([]string(nil), base...)
	for _, c := range strings.Split(target, "/") {
		switch c {
		case "", ".":
			continue
		case "..":
			if len(stack) == 0 {
				return nil, errLinkEscapes
			}
			stack = stack[:len(stack)-1]
			continue
		}
		stack = append(stack, c)
		next, ok := s.links[strings.Join(stack, "/")]
		if !ok {
			continue
		}
		if depth >= maxLinkDepth {
			return nil, errLinkLoop
		}
		var err error
		if stack, err = s.resolve(stack[:len(stack)-1], next, depth+1); err != nil {
			return nil, err
		}
	}
	return stack, nil
}

// recheck validates every symlink against the final set, so a link that
// was safe when written cannot escape through a symlink extracted later.
func (s *symlinkSet) recheck() error {
	for _, rel := range s.order {
		if err := s.check(rel, s.links[rel]); err != nil {
			return symlinkReject(rel, s.links[rel], err)
		}
	}
	return nil
}

func symlinkReject(rel, target string, err error) *RejectError {
	return reject(RuleSymlinkEscape, rel, "symlink to %q: %v; symlinks must stay inside the release", target, err)
}
