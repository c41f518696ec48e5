from journeyspec.cli import main

main()
