"""Files in: the data folder, scenario files, VRPLIB instances, OpenStreetMap addresses."""
