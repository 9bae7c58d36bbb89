import sys

from lichen.kernel.server import main

sys.exit(main(sys.argv[1:]))
