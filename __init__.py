"""occuwatch: watch government news sites for new batches of recognised professions (新职业)."""

__version__ = "0.1.0"
