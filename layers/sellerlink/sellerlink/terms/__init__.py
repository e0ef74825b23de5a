"""Commission terms: versioned CPA payouts, payout groups by ASIN, promotions, and the commission."""
