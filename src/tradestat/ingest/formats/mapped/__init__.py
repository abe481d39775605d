"""The mapped format (``--format mapped``): declarative YAML mappings, validated by
``mapping.schema.json`` (``spec``), turned into staged rows (``transform``), and drafted
from a sample file (``suggest``, behind ``tradestat mapping suggest``)."""
