"""The web shell: pages and the JSON API over the application layer (`runstrong serve`)."""
