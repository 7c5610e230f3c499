"""Keys and secrets: password hashing (Argon2id), random tokens and their keyed digests, the
secret box that encrypts what Rapport must read back, and the server key's checks
(docs/security.md). Plain functions over strings and settings: no database, no web."""
