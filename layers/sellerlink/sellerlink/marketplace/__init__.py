"""The partner's side of programs: the marketplace where partners find listed programs, and the
view an approved member has of its program, its own terms and the products it can promote."""
