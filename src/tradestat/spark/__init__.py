"""Run the same TradeQuery objects on Apache Spark over a warehouse's Parquet export.

from tradestat.spark import connect_spark
sw = connect_spark("export/", master="local[2]")      # or session=an existing SparkSession
sw.query({"dataset": "customs", "period": "2023", "compare": ["growth"]})
query_on_spark(query, warehouse="trade.duckdb")     # export, query, clean up (the CLI's)
"""

from tradestat.spark.exported import query_on_spark, spark_over
from tradestat.spark.warehouse import SparkWarehouse, connect_spark

__all__ = ["SparkWarehouse", "connect_spark", "query_on_spark", "spark_over"]
