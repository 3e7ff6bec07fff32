//go:build tools

// Package consul pins github.com/hashicorp/consul so `go build` of its main
// package uses the versions in this module's go.mod.
package consul

import _ "github.com/hashicorp/consul"
