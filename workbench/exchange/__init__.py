"""File formats, pure: uploaded backlogs in; ranked exports, whole-workshop JSON and reports out."""
