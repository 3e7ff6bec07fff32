package cli

import "strings"

// ciIdentity is who a CI job acts for, from its environment (getenv is
// os.Getenv): in GitHub Actions "<actor> via <server>/<repo>/actions/runs/<id>"
// (with "/attempts/<n>" after a re-run), so a request recorded as coming
// from CI names the person and the run instead of the runner's
// user@host; "" outside CI or when the actor is unknown.
func ciIdentity(getenv func(string) string) string {
	if getenv("GITHUB_ACTIONS") != "true" || getenv("GITHUB_ACTOR") == "" {
		return ""
	}
	who := getenv("GITHUB_ACTOR")
	server, repo, run := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_RUN_ID")
	if server == "" || repo == "" || run == "" {
		return who + " via GitHub Actions"
	}
	url := strings.TrimSuffix(server, "/") + "/" + repo + "/actions/runs/" + run
	if a := getenv("GITHUB_RUN_ATTEMPT"); a != "" && a != "1" {
		url += "/attempts/" + a
	}
	return who + " via " + url
}
