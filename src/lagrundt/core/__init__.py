"""Small pieces shared by every app that have no domain of their own."""
