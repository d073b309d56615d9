"""Data files shipped with the station app (fonts; later icons and translations).

A package only so that ``importlib.resources`` can find the files both in a source checkout and in
an installed wheel or a frozen build.
"""
