// Package release owns what the agent does to a release artifact between
// "the bytes arrived" and "a directory the processes can run from": the
// s3:// allowlist check (Allowed), streaming SHA-256 and ed25519 signature
// verification (CheckSignature, Verify, Sign), strict extraction of a
// .tar.gz into a fresh releases/<id>/ directory (Extract) and pruning of
// old releases (Retain).
//
// Every refusal is a *RejectError naming the rule and, for archive entries,
// the entry, so the agent can report exactly why an artifact was refused. A
// rejected artifact changes nothing on the box: Extract removes its partial
// directory before returning.
//
// The agent's order for one release: Allowed on the URL and
// CheckSignature on the record's digest before downloading; Verify while
// streaming the S3 body into a spool file; Extract from that *os.File (its
// size drives the free-disk check) into releases/<id>/; delete the spool;
// Retain(releases, 5, current).
//
// It may import only the standard library. It does no network I/O (the
// caller hands it an io.Reader) and keeps no global state.
package release
