from rapport.console import main

main()
