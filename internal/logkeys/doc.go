// Package logkeys holds the repository-wide check of the log attribute
// keys asgctl's slog calls use: snake_case, and "error" (never "err") for
// an error, so one query finds every failure in the JSON logs of the
// controller, the CLI and the agent. It has no code of its own.
package logkeys
