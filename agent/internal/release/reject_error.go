package release

import "fmt"

// Rule names one check an artifact can fail. The values are stable,
// snake_case and safe to match on in reports and tests.
type Rule string

// The rules, in the order an artifact meets them.
const (
	RuleURL            Rule = "artifact_url"      // not an s3://bucket/key URL
	RuleNotAllowed     Rule = "not_allowed"       // URL outside the allowlist
	RuleChecksum       Rule = "checksum_mismatch" // SHA-256 differs from the release record
	RuleSignature      Rule = "bad_signature"     // signature missing or not valid
	RuleDiskSpace      Rule = "disk_space"        // not enough free disk to extract
	RuleNotGzip        Rule = "not_gzip"          // stream does not start with a gzip header
	RuleTruncated      Rule = "truncated_gzip"    // gzip stream ends early
	RuleCorrupt        Rule = "corrupt_gzip"      // gzip stream fails its CRC or inflate
	RuleNotTarball     Rule = "not_tarball"       // gzip content is not a tar archive
	RuleTooManyEntries Rule = "too_many_entries"  // more entries than Limits.MaxEntries
	RuleTooLarge       Rule = "too_large"         // more bytes than Limits.MaxBytes
	RuleRatio          Rule = "compression_ratio" // expands more than Limits.MaxRatio
	RuleAbsolutePath   Rule = "absolute_path"     // entry name starts with "/"
	RuleTraversal      Rule = "path_traversal"    // entry name has a ".." component
	RuleBadName        Rule = "bad_name"          // empty, the release root itself, or too long to store
	RuleHardLink       Rule = "hard_link"         // hard link entry
	RuleDevice         Rule = "device"            // character or block device entry
	RuleFIFO           Rule = "fifo"              // named pipe entry
	RuleEntryType      Rule = "entry_type"        // any other unsupported entry type
	RuleSymlinkEscape  Rule = "symlink_escape"    // symlink resolves outside the release
	RuleThroughSymlink Rule = "through_symlink"   // entry would be written through a symlink
	RuleDuplicate      Rule = "duplicate_entry"   // entry collides with an earlier one
)

// RejectError is why an artifact was refused. Entry is the archive entry
// name ("" for whole-artifact rules); Detail says what was found and what
// to change.
type RejectError struct {
	Rule   Rule
	Entry  string
	Detail string
}

func (e *RejectError) Error() string {
	if e.Entry == "" {
		return fmt.Sprintf("artifact rejected (%s): %s", e.Rule, e.Detail)
	}
	return fmt.Sprintf("artifact rejected (%s): entry %q: %s", e.Rule, e.Entry, e.Detail)
}

func reject(rule Rule, entry, format string, args ...any) *RejectError {
	return &RejectError{Rule: rule, Entry: entry, Detail: fmt.Sprintf(format, args...)}
}
