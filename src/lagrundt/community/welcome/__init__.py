"""Welcome letters per municipality and language, and the welcome meetings twice a year."""
