"""The canonical trade record and dataset declarations."""
