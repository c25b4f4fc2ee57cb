"""One module per subcommand (``NAME``, ``HELP``, ``add_arguments``, ``run``)."""
