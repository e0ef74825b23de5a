"""The one-machine runtime: the AWS emulator stack, the HTTP gateway and the Amazon sandbox."""
