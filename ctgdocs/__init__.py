"""ctgdocs: the documents of a Convention Territoriale Globale, generated from records."""
