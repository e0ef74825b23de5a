"""E-mail notifications: what happened (an event on the postbacks queue) told to the people it
concerns, each of whom can turn each kind off."""
