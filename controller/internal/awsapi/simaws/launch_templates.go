package simaws

import (
	"fmt"
	"strconv"
	"time"
)

// launchTemplate is an EC2 launch template; version n is versions[n-1].
type launchTemplate struct {
	id, name   string
	defaultVer int64
	versions   []*ltVersion
	tokens     map[string]int64 // ClientToken -> version it created
}

type ltVersion struct {
	number      int64
	ami         string
	description string
	created     time.Time
}

func (lt *launchTemplate) latest() *ltVersion { return lt.versions[len(lt.versions)-1] }

// resolve finds a version by number, "$Latest" or "$Default" ("" is
// "$Default", as Auto Scaling reads it).
func (lt *launchTemplate) resolve(v string) (*ltVersion, bool) {
	switch v {
	case "", "$Default":
		return lt.versions[lt.defaultVer-1], true
	case "$Latest":
		return lt.latest(), true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 || n > int64(len(lt.versions)) {
		return nil, false
	}
	return lt.versions[n-1], true
}

func (c *Cloud) templateByName(name string) *launchTemplate {
	for _, id := range sortedKeys(c.templates) {
		if c.templates[id].name == name {
			return c.templates[id]
		}
	}
	return nil
}

// CreateLaunchTemplate creates a launch template whose version 1, the
// default, launches ami, and returns its "lt-..." id. It panics if the name
// is taken.
func (c *Cloud) CreateLaunchTemplate(name, ami string) string {
	var id string
	c.locked(func() {
		if c.templateByName(name) != nil {
			panic(fmt.Sprintf("simaws: launch template %q already exists", name))
		}
		id = "lt-" + c.hexID(17)
		c.templates[id] = &launchTemplate{
			id: id, name: name, defaultVer: 1, tokens: map[string]int64{},
			versions: []*ltVersion{{number: 1, ami: ami, created: c.now}},
		}
	})
	return id
}

// NewDefaultVersion adds a version to template id, copied from its
// default, makes it the default (as an operator changing the instance type
// or user data would) and returns its number. It panics on an unknown id.
func (c *Cloud) NewDefaultVersion(id, description string) int64 {
	var n int64
	c.locked(func() {
		lt, ok := c.templates[id]
		if !ok {
			panic(fmt.Sprintf("simaws: no launch template %q", id))
		}
		src := lt.versions[lt.defaultVer-1]
		n = int64(len(lt.versions)) + 1
		lt.versions = append(lt.versions, &ltVersion{number: n, ami: src.ami, description: description, created: c.now})
		lt.defaultVer = n
	})
	return n
}
