// Package terraform holds no code: it anchors the tests of the Terraform
// modules and examples in this directory. contract_test.go parses every
// .tf file and checks the module contract against controller/api; the
// tests beside it evaluate the modules' expressions (with fake resource
// attributes) to check the Consul token wiring, that nothing depends on
// an AWS provider v6 deprecation, and that the deploy workflow uploads
// release artifacts where the service module lets agents fetch them.
package terraform
