"""Evaluation scripts: claimdesk's extraction measured on labels other people made (not shipped)."""
