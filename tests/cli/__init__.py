"""Cross-command tests of the command line: what every command that writes a file shares."""
