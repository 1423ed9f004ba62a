"""Synthetic training data: template grammars per department plus realistic noise.

Used only by training (`python -m services.routing.classifier generate` writes data/synthetic.jsonl).
"""
