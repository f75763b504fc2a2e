"""Modal dialogs: forms that return a typed value, and confirmations."""
