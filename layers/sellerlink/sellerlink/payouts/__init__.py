"""Payouts: from locked, unpaid ledger entries to money sent, and the files a finance team uses."""
