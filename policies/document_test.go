package policies_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// Policy files and the placeholders Terraform substitutes in them. The
// tests substitute the sample values below before evaluating.
const (
	controllerPolicy = "controller.json"
	assumePolicy     = "controller-assume.json"
	agentPolicy      = "agent.json"
	ciPolicy         = "ci.json"
)

var policyFiles = []string{controllerPolicy, assumePolicy, agentPolicy, ciPolicy}

var placeholders = map[string]string{
	"ARTIFACT_BUCKET": "artifacts",
	"ARTIFACT_PREFIX": "releases/web",
	"SERVICE_NAME":    "web",
}

// document is an IAM policy document. Decoding is strict: an element the
// evaluator does not model (NotAction, NotResource, Principal, ...) is an
// error rather than something silently ignored.
type document struct {
	Version   string
	Statement []statement
}

type statement struct {
	Sid       string
	Effect    string
	Action    strList
	Resource  strList
	Condition map[string]map[string]strList `json:",omitempty"`
}

// strList is a policy value that may be one string or a list of strings.
type strList []string

func (l *strList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*l = strList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a string or a list of strings, got %s", b)
	}
	*l = many
	return nil
}

func readPolicy(name string) ([]byte, error) {
	raw, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	for k, v := range placeholders {
		raw = bytes.ReplaceAll(raw, []byte(k), []byte(v))
	}
	return raw, nil
}

func decodePolicy(raw []byte) (*document, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var d document
	if err := dec.Decode(&d); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after the policy document")
	}
	return &d, nil
}

func loadPolicies(t *testing.T) map[string]*document {
	t.Helper()
	out := map[string]*document{}
	for _, name := range policyFiles {
		raw, err := readPolicy(name)
		if err != nil {
			t.Fatal(err)
		}
		d, err := decodePolicy(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = d
	}
	return out
}

// clone deep-copies d through JSON.
func (d *document) clone() *document {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	var c document
	if err := json.Unmarshal(b, &c); err != nil {
		panic(err)
	}
	return &c
}

// request is one authorization AWS makes for an action: the resource it
// checks and the request context (condition keys) it supplies.
type request struct {
	Resource string
	Context  map[string]string
}

// allows reports whether some Allow statement grants action on r and no
// Deny statement refuses it (IAM's evaluation for one identity policy).
func (d *document) allows(action string, r request) bool {
	allowed := false
	for _, s := range d.Statement {
		if !s.matches(action, r) {
			continue
		}
		if s.Effect == "Deny" {
			return false
		}
		allowed = allowed || s.Effect == "Allow"
	}
	return allowed
}

func (s statement) matches(action string, r request) bool {
	return anyGlob(s.Action, action, true) && anyGlob(s.Resource, r.Resource, false) && s.conditionsHold(r.Context)
}

// conditionsHold ANDs operators and keys and ORs the values of one key.
// An operator the evaluator does not know never holds (and
// TestPolicyDocumentsWellFormed rejects it).
func (s statement) conditionsHold(ctx map[string]string) bool {
	for op, keys := range s.Condition {
		for key, want := range keys {
			got, present := ctx[key]
			if !conditionHolds(op, got, present, want) {
				return false
			}
		}
	}
	return true
}

var knownOperators = map[string]bool{"StringEquals": true, "StringLike": true, "ArnEquals": true, "ArnLike": true, "Null": true}

func conditionHolds(op, got string, present bool, want strList) bool {
	if op == "Null" {
		return len(want) == 1 && want[0] == fmt.Sprint(!present)
	}
	if !present {
		return false
	}
	switch op {
	case "StringEquals", "ArnEquals":
		for _, w := range want {
			if w == got {
				return true
			}
		}
		return false
	case "StringLike", "ArnLike":
		return anyGlob(want, got, false)
	}
	return false
}

func anyGlob(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if fold {
			p, s = strings.ToLower(p), strings.ToLower(s)
		}
		if glob(p, s) {
			return true
		}
	}
	return false
}

// glob matches IAM wildcards: * any run of characters, ? one character.
func glob(p, s string) bool {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			for i := len(s); i >= 0; i-- {
				if glob(p[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
		default:
			if s == "" || s[0] != p[0] {
				return false
			}
		}
		p, s = p[1:], s[1:]
	}
	return s == ""
}
