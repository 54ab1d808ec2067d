"""Files people bring in and take out: LinkedIn's export, vCard, CSV, JSON.

Pure functions of text: reading and writing the files is the caller's job."""
