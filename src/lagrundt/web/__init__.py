"""Web: the base layout, navigation per role, the home and statistics pages, and shared components
(Designsystemet form templates, tables, pagination)."""
