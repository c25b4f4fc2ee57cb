"""Idea Prioritisation Workbench: domain, engine, store, services and the Streamlit UI."""
