"""The site: the Pelican plugin, its safety checks, the saved copy for use without signal, and the
atomic build that swaps a whole new ``output/`` in or leaves the last good one."""
