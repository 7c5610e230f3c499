"""The shipped utterance-labeller weights (labeller.npz), rebuilt by scripts/train_labeller.py."""
