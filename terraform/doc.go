// Package terraform holds no code: it anchors the contract test of the
// Terraform modules and examples in this directory (contract_test.go), which
// parses every .tf file and checks the module contract against
// controller/api.
package terraform
