"""The access policy: account roles and who may see and change which clients
(docs/security.md). Services ask the :class:`~rapport.policy.access.Actor` they were built
for; nothing else decides access."""
