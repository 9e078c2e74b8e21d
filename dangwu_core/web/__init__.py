"""The web surfaces: they ask the core's services and access rules, they never decide."""
