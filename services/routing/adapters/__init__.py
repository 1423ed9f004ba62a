"""Storage and the classifier, behind the small interfaces the use cases need."""
