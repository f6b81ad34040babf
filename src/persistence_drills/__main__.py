from persistence_drills.cli import main

main()
