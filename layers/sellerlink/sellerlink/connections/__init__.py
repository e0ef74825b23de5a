"""The brand's Amazon authorizations: encrypted refresh tokens and the access tokens they give."""
