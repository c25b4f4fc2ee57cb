"""Streamlit glue: the only package that imports streamlit."""
