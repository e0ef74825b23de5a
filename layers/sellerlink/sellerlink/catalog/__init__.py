"""The brand's products on one marketplace, imported from the SP-API catalog."""
