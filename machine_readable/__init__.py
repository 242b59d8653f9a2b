"""What machines read: robots.txt, security.txt, llms.txt and llms-full.txt, each page's
markdown copy, the guides' feed, and the evidence as CSV and JSON."""
