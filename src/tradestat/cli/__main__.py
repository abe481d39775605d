from tradestat.cli.main import main

main()
