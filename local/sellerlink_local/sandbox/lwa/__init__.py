"""Login with Amazon: the consent pages, the token endpoint, and the codes and tokens issued."""
