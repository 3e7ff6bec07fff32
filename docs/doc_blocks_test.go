package docs

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

// Code blocks. Every ```json block of a page under docs/ is tagged by the
// line before it:
//
//	<!-- example: service-spec -->   a whole spec: its schema and asgctl's decoder
//	<!-- example: agent-config -->   a whole agent config: its schema and asgctl-agent --check
//	<!-- example: service-spec#/$defs/step -->   a part, against that part of the schema
//	<!-- example: rollout -->        a Consul record, with its Go decoder (recordDecoders)
//	<!-- fragment -->                an excerpt that is not a JSON document by itself
//
// so that none goes unchecked by mistake.

var exampleTag = regexp.MustCompile(`^<!--\s*(example:\s*(\S+)|fragment)\s*-->$`)

// recordDecoders decode the Consul records docs/consul.md shows, strictly
// and validated, as the code reads them.
var recordDecoders = map[string]func([]byte) error{
	"rollout":         func(b []byte) error { _, err := api.DecodeRollout(b); return err },
	"hook-results":    func(b []byte) error { _, err := api.DecodeHookResults(b); return err },
	"desired":         func(b []byte) error { _, err := api.DecodeDesired(b); return err },
	"release":         func(b []byte) error { _, err := api.DecodeRelease(b); return err },
	"agent-report":    func(b []byte) error { _, err := api.DecodeAgentReport(b); return err },
	"release-history": func(b []byte) error { _, err := api.DecodeReleaseHistory(b); return err },
	"release-id":      func(b []byte) error { _, err := api.DecodeReleaseID(b); return err },
	"heartbeat":       decodeHeartbeat,
}

// decodeHeartbeat decodes a controller heartbeat strictly.
func decodeHeartbeat(b []byte) error {
	var h api.Heartbeat
	if err := api.DecodeStrict(b, &h); err != nil {
		return err
	}
	if h.Version != 1 || h.ID == "" || h.StartedAt.IsZero() {
		return fmt.Errorf("heartbeat needs version 1, id and started_at")
	}
	return nil
}

// codeBlock is one fenced JSON block of a page.
type codeBlock struct {
	line int    // of the opening fence
	tag  string // the example name, "fragment", or "" when untagged
	body []byte
}

// jsonBlocks lists the ```json blocks of a Markdown page with their tags.
func jsonBlocks(page []byte) ([]codeBlock, error) {
	var out []codeBlock
	var cur *codeBlock
	prev := ""
	sc := bufio.NewScanner(bytes.NewReader(page))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case cur != nil && line == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.body = append(append(cur.body, sc.Text()...), '\n')
		case line == "```json":
			cur = &codeBlock{line: n, tag: tagOf(prev)}
		}
		if line != "" {
			prev = line
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("the block opened on line %d is not closed", cur.line)
	}
	return out, nil
}

// tagOf is the tag a comment line gives the block below it.
func tagOf(line string) string {
	m := exampleTag.FindStringSubmatch(line)
	switch {
	case m == nil:
		return ""
	case m[1] == "fragment":
		return "fragment"
	}
	return m[2]
}

// TestDocExamples checks every tagged JSON block of the pages under docs/.
func TestDocExamples(t *testing.T) {
	pages, err := filepath.Glob("*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages under docs/ (%v)", err)
	}
	checked := 0
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		blocks, err := jsonBlocks(data)
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		for _, b := range blocks {
			t.Run(fmt.Sprintf("%s:%d", page, b.line), func(t *testing.T) { checkBlock(t, b) })
			checked++
		}
	}
	if checked < 5 {
		t.Errorf("only %d JSON blocks found under docs/", checked)
	}
}

// checkBlock checks one block by its tag.
func checkBlock(t *testing.T, b codeBlock) {
	t.Helper()
	name, _, part := strings.Cut(b.tag, "#")
	switch {
	case b.tag == "":
		t.Errorf("untagged JSON block: put <!-- example: NAME --> or <!-- fragment --> on the line before it")
	case b.tag == "fragment":
	case recordDecoders[b.tag] != nil:
		if err := recordDecoders[b.tag](b.body); err != nil {
			t.Errorf("the %s decoder refuses it: %v", b.tag, err)
		}
	case part:
		if err := validateJSON(t, b.tag, b.body); err != nil {
			t.Errorf("the schema part %s refuses it:\n%v", b.tag, err)
		}
	case schemaFiles[name] != "":
		checkExample(t, name, b.body, true)
	default:
		t.Errorf("unknown example name %q", b.tag)
	}
}

// TestJSONBlocksAreFound shows the block reader finding a tagged block,
// an untagged one and a fragment, with their bodies.
func TestJSONBlocksAreFound(t *testing.T) {
	page := "text\n\n<!-- example: rollout -->\n```json\n{\"a\": 1}\n```\n\n```json\n[]\n```\n<!-- fragment -->\n\n  ```json\n  \"x\": 1\n  ```\n"
	blocks, err := jsonBlocks([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	want := []codeBlock{{4, "rollout", []byte("{\"a\": 1}\n")}, {8, "", []byte("[]\n")}, {13, "fragment", []byte("  \"x\": 1\n")}}
	if fmt.Sprint(blocks) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", blocks, want)
	}
}
