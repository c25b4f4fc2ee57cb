"""Domain nouns, named errors and pure rules: imports nothing else of the workbench."""
