"""The coordinators' tools: intake of applications, the report, geocoding, GitHub's annotations and
summary, and the checks before publishing."""
