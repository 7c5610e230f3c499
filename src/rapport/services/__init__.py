"""Use cases: orchestrate the domain and storage. No HTTP, no terminal."""
