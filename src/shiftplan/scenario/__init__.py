"""The scenario: what a support manager writes down, validated."""
