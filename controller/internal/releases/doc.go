// Package releases owns the I/O around a service's in-place release
// records, shared by the CLI and the controller: reading the record at
// deploys/<svc> (consistent, with its index) and the live agent reports,
// reading the release history (newest first, bounded), claiming a release
// id in the id registry, writing a successor record with check-and-set
// and then the history entry of the record it replaced (trimmed to
// api.ReleaseHistoryLimit), and applying fleet.Guard once.
//
// It makes no decisions of its own: what to write is fleet's. It may
// import controller/api, controller/consulkv, controller/fleet and the
// standard library.
package releases
