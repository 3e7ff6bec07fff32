package api

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// ValidationError lists every problem found in one value. Each problem starts
// with the JSON path of the field it is about, e.g. "steps[2].pause: ...".
type ValidationError struct {
	Kind     string // what was checked: "service spec", "desired state", "rollout record"
	Problems []string
}

// Error lists the problems one per line under "invalid <kind>:".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid ")
	b.WriteString(e.Kind)
	b.WriteString(":")
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p)
	}
	return b.String()
}

// problems collects validation failures; err turns them into a
// *ValidationError, or nil when there are none.
type problems []string

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, field+": "+fmt.Sprintf(format, args...))
}

func (p problems) err(kind string) error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Kind: kind, Problems: p}
}

// Limits and patterns the validators enforce.
const (
	MaxNameLen          = 40
	MaxKeepPrevious     = 10
	MinProgressDeadline = time.Minute
	MaxTagKeyLen        = 128
	MaxTagValueLen      = 256
	MaxLifecycleHookLen = 255
	// ReservedTagPrefix starts the tag keys asgctl sets itself (see TagService).
	ReservedTagPrefix = "asgctl:"
)

var (
	nameRE    = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	roleARNRE = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$`)
	elbARNRE  = regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:.+$`)
	amiRE     = regexp.MustCompile(`^ami-[0-9a-f]{8,17}$`)
)
