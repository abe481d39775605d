"""Run the same TradeQuery objects on Apache Spark over a warehouse's Parquet export.

from tradestat.spark import connect_spark
sw = connect_spark("export/", master="local[2]")      # or session=an existing SparkSession
sw.query({"dataset": "customs", "period": "2023", "compare": ["growth"]})
"""

from tradestat.spark.warehouse import SparkWarehouse, connect_spark

__all__ = ["SparkWarehouse", "connect_spark"]
