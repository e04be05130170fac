"""Reports: tables and files made from a Result; never reach back into the model."""
