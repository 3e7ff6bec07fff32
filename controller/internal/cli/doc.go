// Package cli is the asgctl command line: global flags, one file per verb,
// exit codes from DESIGN.md §10. Verbs turn flags into calls on the
// controller's packages and print text for people or JSON for CI.
//
// It may import the controller's packages, urfave/cli/v2 and the standard
// library.
package cli
