"""Ratings in, decisions out: aggregation, frameworks, robustness, charts — pure, no store."""
