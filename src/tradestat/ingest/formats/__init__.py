"""Input formats, one package each: ``canonical``, ``gac``, ``comtrade``, ``mapped``,
``orders``, ``online_retail`` (format ``online-retail``). A package holds its adapter
(``adapter.py``, registered by name in ``base.ADAPTERS``), its rules and its packaged
data (``data/``); ``common`` holds the code tables several formats share. The adapter
interface is ``base.py``; readers every format uses are in ``tradestat.ingest.readers``.
"""
