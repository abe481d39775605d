"""The UCI Online Retail layout (``--format online-retail``): order lines read with the
layout shipped in ``data/online-retail.yaml``."""
