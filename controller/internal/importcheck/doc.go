// Package importcheck is a test helper that keeps pure packages pure. Pure
// fails a test when a package imports a standard-library package that does
// I/O or is non-deterministic (Forbidden), imports anything outside the
// standard library and the allowed module prefixes, or reads the wall clock
// through package time; StdlibOnly fails when a package imports anything
// outside the standard library. Both read the package's non-test Go files
// with go/parser, so they need no build and see every file whatever its build
// constraints.
//
// It is used only from tests, and imports only the standard library.
package importcheck
