// Package docs holds the project's reference documentation (the Markdown
// pages beside this file, indexed by README.md) and the JSON Schemas of the
// service spec and the agent config (schema/). It has no code of its own:
// its tests keep the pages and schemas true to the code. They check each
// schema against its Go type, every example (the example files in the
// repository and the tagged code blocks of the pages) against its schema
// and its Go loader, the pages' links, and that nothing in the repository
// points at notes kept outside it.
//
// Its tests may import controller/api, agent/agentcmd, the standard
// library and github.com/santhosh-tekuri/jsonschema/v6.
package docs
