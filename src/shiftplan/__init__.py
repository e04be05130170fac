"""shiftplan: follow-the-sun shift scheduling for customer-support teams."""
