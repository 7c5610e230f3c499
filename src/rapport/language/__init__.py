"""Text models for conversations: language of an utterance, its label, promises, word lists.

Nothing is loaded at import time; the shipped model is read once, on first use.
"""
