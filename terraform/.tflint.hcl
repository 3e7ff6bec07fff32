# TFLint configuration for terraform/: only the bundled terraform ruleset,
# every rule (typed and described variables, described outputs, pinned
# providers and required_version, no unused declarations, standard module
# structure, naming, ...). No external plugins: the AWS ruleset would have to
# be downloaded, and the checks here must run offline.
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}
