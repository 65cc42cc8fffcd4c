"""Files out: the night's folder (tables, sheets, PDFs, maps, the index), the scenario comparison,
the geocoding review and the sample data; written atomically."""
