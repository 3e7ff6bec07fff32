package cli

import "testing"

func TestCIIdentity(t *testing.T) {
	gh := map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "octocat", "GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_REPOSITORY": "acme/web", "GITHUB_RUN_ID": "42", "GITHUB_RUN_ATTEMPT": "1",
	}
	with := func(over map[string]string) func(string) string {
		return func(k string) string {
			if v, ok := over[k]; ok {
				return v
			}
			return gh[k]
		}
	}
	cases := []struct {
		name string
		env  func(string) string
		want string
	}{
		{"github actions", with(nil), "octocat via https://github.com/acme/web/actions/runs/42"},
		{"a re-run", with(map[string]string{"GITHUB_RUN_ATTEMPT": "3"}), "octocat via https://github.com/acme/web/actions/runs/42/attempts/3"},
		{"no run url", with(map[string]string{"GITHUB_RUN_ID": ""}), "octocat via GitHub Actions"},
		{"not in CI", with(map[string]string{"GITHUB_ACTIONS": ""}), ""},
		{"no actor", with(map[string]string{"GITHUB_ACTOR": ""}), ""},
	}
	for _, c := range cases {
		if got := ciIdentity(c.env); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
