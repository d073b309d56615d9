"""OFL fonts used for printing; see README.md and OFL.txt in this folder."""
