"""One router per resource. Which function serves which routers is `sellerlink.api.routes`."""
