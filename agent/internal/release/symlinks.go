package release

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// maxLinkHops is how many symlinks one lookup may follow in all, counting
// the link looked up itself and every link met on the way however they
// nest: Linux's MAXSYMLINKS, past which the kernel fails with ELOOP. It
// bounds one resolution to 41 link targets of work.
const maxLinkHops = 40

// maxLinkTarget is the longest symlink target Linux stores (PATH_MAX - 1);
// symlink(2) refuses a longer one.
const maxLinkTarget = 4095

// defaultMaxLinkSteps bounds the path components walked to verify all the
// symlinks of one archive (about 2 s of CPU). Each lookup is bounded by
// maxLinkHops, but an archive of many links that each resolve through a
// long chain of long links would still cost minutes. Real releases, even
// with tens of thousands of links, need a few million steps.
const defaultMaxLinkSteps = 1 << 26

var (
	errLinkAbsolute = errors.New("target is an absolute path")
	errLinkEscapes  = errors.New("target resolves outside the release directory")
	errLinkLoop     = errors.New("target does not resolve (a symlink loop, or more than 40 symlinks followed in one lookup)")
	errLinkEmpty    = errors.New("target is empty")
	errLinkTooLong  = fmt.Errorf("target is longer than the %d bytes a symlink can hold", maxLinkTarget)
	errLinkWork     = errors.New("verifying the archive's symlinks takes too many steps")
)

// symlinkSet records the symlinks extracted so far (relative name to
// target) and resolves targets through them the way the kernel would.
// Resolution walks a tree of the paths that lead to a symlink, so each
// component costs one map lookup however deep the path is.
type symlinkSet struct {
	links    map[string]string
	order    []string
	root     *pathNode
	steps    int // path components walked so far, by every check
	maxSteps int
}

// pathNode is a directory or symlink on the way to at least one
// extracted symlink; paths leading to none have no node.
type pathNode struct {
	parent   *pathNode
	children map[string]*pathNode
	link     bool
	target   string
}

// position is where a resolution stands: below node by depth components
// that lead to no symlink (0: at node itself).
type position struct {
	node  *pathNode
	depth int
}

func newSymlinkSet(maxSteps int) *symlinkSet {
	return &symlinkSet{links: map[string]string{}, root: &pathNode{}, maxSteps: maxSteps}
}

func (s *symlinkSet) add(rel, target string) {
	s.links[rel] = target
	s.order = append(s.order, rel)
	n := s.root
	for c := range strings.SplitSeq(rel, "/") {
		child := n.children[c]
		if child == nil {
			child = &pathNode{parent: n}
			if n.children == nil {
				n.children = map[string]*pathNode{}
			}
			n.children[c] = child
		}
		n = child
	}
	n.link, n.target = true, target
}

// isLink reports whether rel is an extracted symlink.
func (s *symlinkSet) isLink(rel string) bool {
	_, ok := s.links[rel]
	return ok
}

// check reports whether the symlink rel -> target stays inside the
// release, following symlinks already extracted. Looking rel up follows
// rel itself, so that is the first hop.
func (s *symlinkSet) check(rel, target string) error {
	switch {
	case target == "":
		return errLinkEmpty
	case len(target) > maxLinkTarget:
		return errLinkTooLong
	}
	hops := 1
	_, err := s.resolve(s.locate(path.Dir(rel)), target, &hops)
	return err
}

// locate returns the position of the directory dir ("." or a clean
// relative path), taking its components literally: entries are never
// written through a symlink, so none of them is one.
func (s *symlinkSet) locate(dir string) position {
	at := position{node: s.root}
	if dir == "." {
		return at
	}
	for c := range strings.SplitSeq(dir, "/") {
		at = at.down(c)
	}
	return at
}

// down steps into the component c without following it.
func (p position) down(c string) position {
	if p.depth == 0 {
		if child := p.node.children[c]; child != nil {
			return position{node: child}
		}
	}
	p.depth++
	return p
}

// resolve walks target from the directory at and returns where it ends,
// or why it leaves the release. hops counts the symlinks followed in the
// whole lookup, across the recursion into link targets.
func (s *symlinkSet) resolve(at position, target string, hops *int) (position, error) {
	if strings.HasPrefix(target, "/") {
		return position{}, errLinkAbsolute
	}
	for c := range strings.SplitSeq(target, "/") {
		if s.steps++; s.steps > s.maxSteps {
			return position{}, fmt.Errorf("%w (more than %d path steps)", errLinkWork, s.maxSteps)
		}
		switch c {
		case "", ".":
			continue
		case "..":
			switch {
			case at.depth > 0:
				at.depth--
			case at.node.parent == nil:
				return position{}, errLinkEscapes
			default:
				at.node = at.node.parent
			}
			continue
		}
		next := at.down(c)
		if next.depth > 0 || !next.node.link {
			at = next
			continue
		}
		if *hops >= maxLinkHops {
			return position{}, errLinkLoop
		}
		*hops++
		var err error
		if at, err = s.resolve(at, next.node.target, hops); err != nil {
			return position{}, err
		}
	}
	return at, nil
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
	if errors.Is(err, errLinkWork) {
		return reject(RuleSymlinkEscape, rel, "symlink to %s: %v; only links through long chains of other long links need that many: ship real directories or shorter links",
			quoteShort(target), err)
	}
	return reject(RuleSymlinkEscape, rel, "symlink to %s: %v; symlinks must stay inside the release", quoteShort(target), err)
}

// quoteShort quotes s, cut to its first 200 bytes when longer, so a
// rejection message stays readable.
func quoteShort(s string) string {
	const keep = 200
	if len(s) <= keep {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q... (%d bytes)", s[:keep], len(s))
}
