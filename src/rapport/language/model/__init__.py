"""The shipped utterance-labeller weights (labeller.json and labeller.weights.gz), rebuilt
by scripts/train_labeller.py."""
